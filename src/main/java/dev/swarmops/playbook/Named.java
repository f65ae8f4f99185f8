package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import groovy.transform.NamedParam;
import groovy.transform.NamedParams;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Named parameters of the DSL, declared once with {@code @NamedParam} on the method (what IDEs
 * complete and Groovy's type checker reads) and checked here against what a playbook passed: an
 * unknown name, a missing required one or a value of the wrong type is one line of bad input.
 *
 * <pre>{@code
 * public void ensure(@NamedParams({@NamedParam(value = "fromEnv", type = String.class)}) Map<String, Object> attrs, String name) {
 *     Named.check("secrets.ensure", attrs, getClass(), "ensure");
 * }
 * }</pre>
 */
final class Named {

    private static final Map<String, NamedParam[]> DECLARED = new ConcurrentHashMap<>();

    private Named() {
    }

    static void check(String call, Map<String, Object> attrs, Class<?> owner, String method) {
        NamedParam[] params = DECLARED.computeIfAbsent(owner.getName() + "#" + method, k -> declared(owner, method));
        for (String key : attrs.keySet()) {
            if (Arrays.stream(params).noneMatch(p -> p.value().equals(key))) {
                throw new BadInputException(call + ": unknown parameter '" + key + ":' (it takes "
                        + Arrays.stream(params).map(p -> p.value() + ":").collect(Collectors.joining(", ")) + ")");
            }
        }
        for (NamedParam p : params) {
            Object v = attrs.get(p.value());
            if (v == null && p.required()) {
                throw new BadInputException(call + ": '" + p.value() + ":' is required");
            }
            if (v != null && !fits(p.type(), v)) {
                throw new BadInputException(call + ": " + p.value() + ": must be " + p.type().getSimpleName() + ", not "
                        + v.getClass().getSimpleName());
            }
        }
    }

    private static boolean fits(Class<?> type, Object v) {
        return type.isInstance(v) || type == String.class && v instanceof CharSequence;
    }

    private static NamedParam[] declared(Class<?> owner, String method) {
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(method)) {
                for (Parameter p : m.getParameters()) {
                    NamedParams ps = p.getAnnotation(NamedParams.class);
                    if (ps != null) {
                        return ps.value();
                    }
                }
            }
        }
        throw new IllegalStateException(owner.getName() + "." + method + " declares no @NamedParams");
    }
}
