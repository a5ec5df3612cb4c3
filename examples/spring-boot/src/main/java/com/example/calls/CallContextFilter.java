package com.example.calls;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the call id of each request ({@code X-Call-Id}) and this agent's id in the MDC, where the appender reads them,
 * for the time of the request. A request without a call id is answered 400: call events without one are not shipped.
 */
@Component
public class CallContextFilter extends OncePerRequestFilter {
    static final String CALL_ID_HEADER = "X-Call-Id";

    private final String agentId;

    public CallContextFilter(@Value("${voice-agent.id}") String agentId) {
        this.agentId = agentId;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/calls/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String callId = request.getHeader(CALL_ID_HEADER);
        if (callId == null || callId.isBlank()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, CALL_ID_HEADER + " is required");
            return;
        }
        MDC.put("call_id", callId);
        MDC.put("agent_id", agentId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("call_id");
            MDC.remove("agent_id");
        }
    }
}
