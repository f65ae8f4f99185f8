package dev.swarmops.shell;

import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.SwarmOps;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Completes shell commands, the bound DSL objects and their calls ({@code nodes.} → {@code label(}),
 * and live names from the engine: node hostnames, services, networks, secrets.
 */
final class ShellCompleter implements Completer {

    static final List<String> COMMANDS = List.of(":help", ":plan", ":apply", ":discard", ":load", ":trace", ":quit");

    private final Map<String, Object> bindings;
    private final SwarmOps ops;
    private List<String> live = List.of();
    private long liveAt;

    ShellCompleter(Map<String, Object> bindings, SwarmOps ops) {
        this.bindings = bindings;
        this.ops = ops;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String word = line.word().substring(0, line.wordCursor());
        int dot = word.lastIndexOf('.');
        if (dot > 0 && bindings.containsKey(word.substring(0, dot))) {
            String obj = word.substring(0, dot);
            for (String member : members(bindings.get(obj))) {
                out.add(new Candidate(obj + "." + member, member, null, null, null, null, false));
            }
            return;
        }
        if (word.startsWith(":")) {
            COMMANDS.forEach(c -> out.add(new Candidate(c)));
            return;
        }
        bindings.keySet().forEach(b -> out.add(new Candidate(b, b, "dsl", null, null, null, true)));
        // not "complete": no space after a name, the closing quote comes next
        liveNames().forEach(n -> out.add(new Candidate(n, n, "live", null, null, null, false)));
    }

    /** Public calls of a DSL object: methods as {@code name(}, getters as properties. */
    static List<String> members(Object o) {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : o.getClass().getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String n = m.getName();
            if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0) {
                names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
            } else {
                names.add(n + "(");
            }
        }
        return new ArrayList<>(names);
    }

    /** Names from the engine, refreshed at most every few seconds so Tab stays quick. */
    private List<String> liveNames() {
        if (System.currentTimeMillis() - liveAt > 5000) {
            List<String> names = new ArrayList<>();
            try {
                ops.nodes().list().stream().map(NodeInfo::hostname).forEach(names::add);
                ops.services().list(null).forEach(s -> names.add(s.path("Spec").path("Name").asText()));
                ops.engine().get("/networks").forEach(n -> names.add(n.path("Name").asText()));
                ops.secrets().list().forEach(s -> names.add(s.path("Spec").path("Name").asText()));
            } catch (RuntimeException e) {
                // no engine or not a manager: complete what we can
            }
            live = names;
            liveAt = System.currentTimeMillis();
        }
        return live;
    }
}
