package dev.swarmops.engine;

/** What the engine said of itself, and the API version this client speaks to it. */
public record EngineVersion(String engine, ApiVersion api, ApiVersion use, String os, String arch) {
}
