package dev.calllog.faults;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fault test ({@code Class#method}) in a JVM of its own, for {@code loop.sh}: exit status 0 when it passed, 1
 * when it failed, 2 when it did not run (skipped or not found), so that a skip is never counted as a pass.
 */
public final class FaultLoop {
    private FaultLoop() {}

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length != 1) {
            System.err.println("usage: FaultLoop dev.calllog.faults.SomeIT#method");
            System.exit(2);
        }
        // By name, whatever its parameters (a node injected by the extension).
        Class<?> testClass = Class.forName(args[0].substring(0, args[0].indexOf('#')));
        String name = args[0].substring(args[0].indexOf('#') + 1);
        Method method = Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElse(null);
        if (method == null) {
            System.err.println("no test method " + args[0]);
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(testClass, method))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        s.printFailuresTo(new PrintWriter(System.out, true), 40);
        int status;
        if (s.getTotalFailureCount() > 0) {
            status = 1;
        } else if (s.getTestsSucceededCount() == 1) {
            status = 0;
        } else {
            status = 2;
        }
        System.out.println("LOOP-RESULT " + args[0] + " succeeded=" + s.getTestsSucceededCount() + " failed="
                + s.getTotalFailureCount() + " skipped=" + (s.getTestsSkippedCount() + s.getTestsAbortedCount()));
        System.exit(status);
    }
}
