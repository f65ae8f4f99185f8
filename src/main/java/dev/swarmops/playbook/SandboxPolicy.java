package dev.swarmops.playbook;

import dev.swarmops.gate.Sensitive;
import dev.swarmops.host.EndpointMode;
import dev.swarmops.host.Probe;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.Quorum;
import dev.swarmops.ops.ServiceSpec;
import dev.swarmops.ops.SwarmState;
import dev.swarmops.ops.TaskInfo;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * What playbook code may touch: the DSL's own API and plain values, nothing else. An allow-list
 * in the manner of Jenkins' script-security: a receiver class and method not listed here is
 * refused, so a reflection chain or a library class nobody thought of is refused by default.
 */
final class SandboxPolicy {

    /** Classes whose public methods (declared by them, not by Object or Groovy) are the DSL. */
    static final Set<Class<?>> DSL = Set.of(Playbook.class, SwarmDsl.class, NodesDsl.class, NetworksDsl.class, DataDsl.class,
            ServicesDsl.class, HostDsl.class, EnrollDsl.class, ManagersDsl.class, Quorum.class, JobsDsl.class, DatabasesDsl.class, VolumesDsl.class, ServiceSpec.class,
            NodeInfo.class, SwarmState.class, JobResult.class, Jobs.JobInfo.class, TaskInfo.class, EndpointMode.class, Probe.Result.class);

    /** Never, on any receiver: they reach the runtime, the class, the meta-class or another thread. */
    static final Set<String> NEVER = Set.of("getClass", "getMetaClass", "setMetaClass", "invokeMethod", "getProperty", "setProperty",
            "wait", "notify", "notifyAll", "main", "bind", "execute", "evaluate", "with", "tap", "identity", "use",
            "asType", "getAt", "putAt", "rehydrate", "dehydrate", "setDelegate", "setResolveStrategy", "getDelegate", "getOwner",
            "getThisObject", "parallelStream", "stream", "finalize", "clone", "ofType", "addShutdownHook", "sleep");

    /** A Sensitive shows only its placeholder. */
    static final Set<String> SENSITIVE = Set.of("placeholder", "describe", "source", "toString");

    /** Methods of plain values: strings, numbers, booleans, collections, maps, ranges, regex matches. */
    static final Set<String> VALUE = Set.copyOf(List.of(
            // all values
            "toString", "equals", "hashCode", "compareTo", "asBoolean", "is", "isCase",
            // strings
            "length", "size", "isEmpty", "isBlank", "charAt", "substring", "subSequence", "indexOf", "lastIndexOf", "contains",
            "startsWith", "endsWith", "toUpperCase", "toLowerCase", "trim", "strip", "stripLeading", "stripTrailing", "stripIndent",
            "stripMargin", "split", "tokenize", "replace", "replaceAll", "replaceFirst", "matches", "padLeft", "padRight", "center",
            "capitalize", "uncapitalize", "readLines", "lines", "toInteger", "toLong", "toBigDecimal", "toDouble", "toBoolean",
            "isNumber", "isInteger", "isLong", "isBigDecimal", "plus", "minus", "multiply", "div", "mod", "power", "negative",
            "next", "previous", "concat", "repeat", "chars", "getBytes", "denormalize", "normalize", "count", "find", "findAll",
            "toList", "toSet", "take", "drop", "takeWhile", "dropWhile", "reverse", "format", "encodeBase64", "sha256", "md5",
            "encodeHex", "intValue", "longValue", "doubleValue", "abs", "round", "times", "upto", "downto", "step", "max", "min",
            "floatValue", "toBigInteger", "getKey", "getValue", "group", "groupCount", "getCount",
            // collections and maps
            "each", "eachWithIndex", "collect", "collectEntries", "collectMany", "findResult", "findResults", "findIndexOf", "any",
            "every", "inject", "join", "sort", "toSorted", "unique", "toUnique", "first", "last", "head", "tail", "init", "get",
            "getOrDefault", "put", "putAll", "remove", "add", "addAll", "removeAll", "retainAll", "containsKey", "containsValue",
            "containsAll", "keySet", "values", "entrySet", "subList", "groupBy", "countBy", "sum", "flatten", "withIndex",
            "indexed", "intersect", "disjoint", "subMap", "clear", "iterator", "hasNext", "asImmutable", "asUnmodifiable",
            "collate", "combinations", "permutations", "transpose", "eachLine", "grep", "split", "minus", "leftShift",
            "getFrom", "getTo", "asList", "toArray", "findLastIndexOf", "average", "call", "curry"));

    /** Static members of these classes are plain functions over values. */
    static final Set<Class<?>> STATIC = Set.of(Math.class, Integer.class, Long.class, Double.class, Float.class, Short.class,
            Byte.class, Boolean.class, Character.class, String.class, BigDecimal.class, BigInteger.class);
    static final Set<String> STATIC_NEVER = Set.of("getInteger", "getLong", "getBoolean", "decode");

    static boolean staticClass(String name) {
        return STATIC.stream().anyMatch(c -> c.getName().equals(name));
    }

    /**
     * A public static method the class itself declares: {@code Integer.parseInt}, not a method of
     * java.lang.Class that Groovy would also dispatch to ({@code String.forName}).
     */
    static boolean staticMember(Class<?> c, String method) {
        return STATIC.contains(c) && !STATIC_NEVER.contains(method) && java.util.Arrays.stream(c.getMethods())
                .anyMatch(m -> m.getName().equals(method) && Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == c);
    }

    static boolean staticMember(String className, String method) {
        return STATIC.stream().anyMatch(c -> c.getName().equals(className) && staticMember(c, method));
    }

    /** Types a playbook may name: declare, cast to, construct (the collections), refer to. */
    static final Set<String> TYPES = new HashSet<>(List.of("java.lang.Object", "java.lang.String", "groovy.lang.GString",
            "java.lang.CharSequence", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
            "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.math.BigDecimal",
            "java.math.BigInteger", "java.lang.Math", "java.util.List", "java.util.ArrayList", "java.util.LinkedList", "java.util.Map",
            "java.util.LinkedHashMap", "java.util.HashMap", "java.util.TreeMap", "java.util.Set", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Collection", "java.lang.Iterable", "groovy.lang.Closure",
            "java.lang.StringBuilder", "groovy.lang.Range", "groovy.lang.IntRange", "int", "long", "double", "float", "short",
            "byte", "boolean", "char", "void"));
    /** Of those, the ones `new` may build. */
    static final Set<String> CONSTRUCTIBLE = Set.of("java.util.ArrayList", "java.util.LinkedList", "java.util.LinkedHashMap",
            "java.util.HashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.lang.StringBuilder", "java.math.BigDecimal", "java.math.BigInteger");

    static {
        DSL.forEach(c -> TYPES.add(c.getName()));
        TYPES.add(ServiceSpec.Mode.class.getName());
        TYPES.add(Sensitive.class.getName());
    }

    private static final Map<Class<?>, Set<String>> DSL_METHODS = new ConcurrentHashMap<>();

    private SandboxPolicy() {
    }

    /** The public methods a DSL class declares (its superclasses' up to, not including, Object and Script). */
    static Set<String> dslMethods(Class<?> c) {
        return DSL_METHODS.computeIfAbsent(c, k -> {
            Set<String> names = new HashSet<>();
            for (Class<?> t = k; t != null && t != Object.class && t != groovy.lang.Script.class; t = t.getSuperclass()) {
                for (Method m : t.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !NEVER.contains(m.getName())
                            && (t.getName().startsWith("dev.swarmops.") || DSL.contains(t))) {
                        names.add(m.getName());
                    }
                }
            }
            return Set.copyOf(names);
        });
    }

    /** Of a DSL class (or a playbook script extending one). */
    static Class<?> dslClass(Object o) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            if (DSL.contains(c)) {
                return c;
            }
        }
        return null;
    }

    static boolean value(Object o) {
        return o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Collection || o instanceof Map || o instanceof Map.Entry || o instanceof groovy.lang.Range
                || o instanceof Matcher || o instanceof byte[] || o instanceof java.util.Iterator || o instanceof groovy.lang.Writable
                || o instanceof Enum<?> e
                && e.getDeclaringClass().getName().startsWith("dev.swarmops.");
    }

    /** Names a playbook may call or read without a receiver: the DSL's own, and what the script itself defines. */
    static Set<String> implicitNames() {
        Set<String> out = new HashSet<>(dslMethods(Playbook.class));
        out.addAll(dslMethods(ServiceSpec.class));
        dslMethods(Playbook.class).stream().filter(n -> n.startsWith("get") && n.length() > 3)
                .forEach(n -> out.add(Character.toLowerCase(n.charAt(3)) + n.substring(4)));
        out.add("applying");
        out.add("call");
        out.add("it");
        return out;
    }
}
