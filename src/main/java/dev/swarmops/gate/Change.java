package dev.swarmops.gate;

/** What a mutation does to its target, for plan symbols and the run summary. */
public enum Change {
    CREATE("+"), UPDATE("~"), DELETE("-"), RUN("!");

    private final String symbol;

    Change(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
