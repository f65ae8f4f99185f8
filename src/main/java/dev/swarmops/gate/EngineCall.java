package dev.swarmops.gate;

import java.util.List;

/** A mutating Engine API request with its docker CLI equivalent. */
public record EngineCall(String kind, String target, Change change, ApiRequest request, CliLine cliLine, List<String> diff)
        implements Mutation {

    public EngineCall {
        diff = List.copyOf(diff);
    }

    public EngineCall(String kind, String target, Change change, ApiRequest request, CliLine cliLine) {
        this(kind, target, change, request, cliLine, List.of());
    }

    @Override
    public String cli() {
        return cliLine.render();
    }
}
