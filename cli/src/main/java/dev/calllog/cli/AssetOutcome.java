package dev.calllog.cli;

/**
 * What the setup command did (or, in a dry run, would do) with one asset: one line of its output.
 *
 * @param kind what the asset is: {@code component_template}, {@code ism_policy}, {@code monitor}, {@code dashboards}...
 * @param name its name on the cluster, or the file imported
 * @param status what happened
 * @param detail a version, a count or the reason, or empty
 */
record AssetOutcome(String kind, String name, Status status, String detail) {

    enum Status {
        CREATED("created", "would create"),
        UPDATED("updated", "would update"),
        UNCHANGED("unchanged", "unchanged"),
        SKIPPED("skipped", "skipped"),
        FAILED("failed", "failed");

        private final String word;
        private final String dryRunWord;

        Status(String word, String dryRunWord) {
            this.word = word;
            this.dryRunWord = dryRunWord;
        }

        String word(boolean dryRun) {
            return dryRun ? dryRunWord : word;
        }
    }

    static AssetOutcome failed(String kind, String name, String reason) {
        return new AssetOutcome(kind, name, Status.FAILED, reason);
    }

    static AssetOutcome skipped(String kind, String name, String reason) {
        return new AssetOutcome(kind, name, Status.SKIPPED, reason);
    }

    /** {@code kind name status: detail}, in columns. */
    String line(boolean dryRun) {
        String what = status.word(dryRun);
        if (!detail.isEmpty()) {
            what += (status == Status.SKIPPED || status == Status.FAILED ? ": " : " ") + detail;
        }
        return String.format("%-18s %-30s %s", kind, name, what);
    }
}
