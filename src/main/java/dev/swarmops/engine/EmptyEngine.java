package dev.swarmops.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The answers a freshly installed engine, outside any swarm, gives to reads. */
final class EmptyEngine {

    /** The engine's own answer to a swarm read on a node that manages no swarm. */
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";


    private EmptyEngine() {
    }

    static JsonNode answer(String method, String fullPath) {
        if (!method.equals("GET")) {
            throw new EngineException(0, "no engine is reachable; nothing can be applied");
        }
        String path = fullPath.replaceFirst("^/v\\d+\\.\\d+", "").replaceFirst("\\?.*$", "");
        ObjectNode o = Engine.JSON.createObjectNode();
        switch (path) {
            case "/version" -> {
                o.put("Version", "none");
                o.put("ApiVersion", ApiVersion.NEWEST.toString());
                return o;
            }
            case "/info" -> {
                o.putObject("Swarm").put("LocalNodeState", "inactive");
                o.put("Name", System.getenv().getOrDefault("HOSTNAME", "this-host"));
                return o;
            }
            case "/networks", "/volumes", "/containers/json" -> {
                return Engine.JSON.createArrayNode();
            }
            default -> {
                if (path.startsWith("/networks/") || path.startsWith("/volumes/") || path.startsWith("/containers/")) {
                    throw new EngineException(404, "not found");
                }
                // every swarm endpoint on a node outside a swarm
                throw new EngineException(503, NOT_A_MANAGER);
            }
        }
    }
}
