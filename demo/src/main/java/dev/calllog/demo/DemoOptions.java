package dev.calllog.demo;

import dev.calllog.cli.ui.UiServer;

/**
 * The demo's command line.
 *
 * @param framework {@code logback} or {@code log4j2}
 * @param withData whether the timeline shows each event's data
 * @param call the call of the five shown in detail (1001 to 1005)
 * @param many whether to simulate many calls over time instead of the five
 * @param calls how many calls {@code many} simulates
 * @param agents how many agents take them
 * @param hours over how many hours they spread
 * @param ui whether to serve the web view at the end
 * @param port the web view's port
 */
record DemoOptions(
        String framework,
        boolean withData,
        int call,
        boolean many,
        int calls,
        int agents,
        int hours,
        boolean ui,
        int port) {

    static final String USAGE = """
            usage: ./demo.sh [--framework logback|log4j2] [--call 1001..1005] [--no-data]
                   ./demo.sh --many [--calls N] [--agents N] [--hours N] [--framework ...]
                   add --ui [--port N] to either to serve the web view of the calls at the end""";

    static DemoOptions parse(String... args) {
        String framework = "logback";
        boolean withData = true;
        int call = CallSimulator.FAILED_CALL;
        boolean many = false;
        int calls = 200;
        int agents = 10;
        int hours = 6;
        boolean ui = false;
        int port = UiServer.DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--no-data" -> withData = false;
                case "--many" -> many = true;
                case "--ui" -> ui = true;
                case "--framework", "--call", "--calls", "--agents", "--hours", "--port" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--framework" -> framework = value;
                        case "--call" -> call = number(arg, value, 1001, 1005);
                        case "--calls" -> calls = number(arg, value, 10, 100_000);
                        case "--agents" -> agents = number(arg, value, 1, TrafficSimulator.MAX_AGENTS);
                        case "--hours" -> hours = number(arg, value, 1, 24 * 30);
                        default -> port = number(arg, value, 0, 65_535);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!framework.equals("logback") && !framework.equals("log4j2")) {
            throw new IllegalArgumentException("--framework must be logback or log4j2, not '" + framework + "'");
        }
        return new DemoOptions(framework, withData, call, many, calls, agents, hours, ui, port);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                option + " must be a number from " + min + " to " + max + ", not '" + value + "'");
    }
}
