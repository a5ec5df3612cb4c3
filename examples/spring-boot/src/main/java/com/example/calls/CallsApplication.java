package com.example.calls;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A voice agent's back end: the telephony platform calls it for each step of a call, with the call id in the
 * {@code X-Call-Id} header. Its call events go to OpenSearch through the appender in {@code logback-spring.xml}.
 */
@SpringBootApplication
public class CallsApplication {
    public static void main(String[] args) {
        SpringApplication.run(CallsApplication.class, args);
    }
}
