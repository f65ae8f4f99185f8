package dev.swarmops.playbook;

import dev.swarmops.gate.Sensitive;
import groovy.lang.Closure;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The run-time half of the playbook sandbox: {@link SandboxTransformer} rewrites every call,
 * property access and subscript on a receiver in playbook code into these methods, which let it
 * through only when {@link SandboxPolicy} lists the receiver's class and the member. Loops and
 * closures also pass {@link #tick}, so a step cannot outlive its wall-clock limit.
 */
public final class Sandbox {

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
    private static final ThreadLocal<String> LIMIT = new ThreadLocal<>();

    private Sandbox() {
    }

    /** Playbook code on this thread must end by then (System.nanoTime), else it is stopped. */
    static void deadline(long nanos, String what) {
        DEADLINE.set(nanos);
        LIMIT.set(what);
    }

    static void clearDeadline() {
        DEADLINE.remove();
        LIMIT.remove();
    }

    public static void tick() {
        Long d = DEADLINE.get();
        if (d != null && System.nanoTime() > d) {
            throw new PlaybookFailure(LIMIT.get());
        }
    }

    public static Object call(Object receiver, Object method, boolean safe, int line, int column, Object[] args) {
        tick();
        if (receiver == null && safe) {
            return null;
        }
        String name = String.valueOf(method);
        check(receiver, name, line, column);
        return InvokerHelper.invokeMethod(receiver, name, args);
    }

    public static Object spreadCall(Object receiver, Object method, int line, int column, Object[] args) {
        if (receiver == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object each : org.codehaus.groovy.runtime.DefaultGroovyMethods.toList(InvokerHelper.asIterator(receiver))) {
            out.add(call(each, method, true, line, column, args));
        }
        return out;
    }

    public static Object getProperty(Object receiver, Object property, boolean safe, int line, int column) {
        tick();
        if (receiver == null && safe) {
            return null;
        }
        String name = String.valueOf(property);
        if (receiver instanceof Map<?, ?> m) {
            return m.get(name);
        }
        if (receiver instanceof Collection<?> c && !name.equals("empty")) {
            // list.name reads name of each element, as Groovy does
            List<Object> out = new ArrayList<>();
            for (Object each : c) {
                out.add(getProperty(each, name, true, line, column));
            }
            return out;
        }
        checkProperty(receiver, name, line, column);
        return InvokerHelper.getProperty(receiver, name);
    }

    public static Object spreadProperty(Object receiver, Object property, int line, int column) {
        if (receiver == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object each : org.codehaus.groovy.runtime.DefaultGroovyMethods.toList(InvokerHelper.asIterator(receiver))) {
            out.add(getProperty(each, property, true, line, column));
        }
        return out;
    }

    public static Object setProperty(Object receiver, Object property, Object value, int line, int column) {
        tick();
        String name = String.valueOf(property);
        if (receiver instanceof Map<?, ?>) {
            InvokerHelper.setProperty(receiver, name, value);
            return value;
        }
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        check(receiver, setter, line, column);
        InvokerHelper.setProperty(receiver, name, value);
        return value;
    }

    public static Object getAt(Object receiver, Object index, int line, int column) {
        tick();
        if (receiver instanceof Map<?, ?> m) {
            return m.get(index instanceof CharSequence ? index.toString() : index);
        }
        requireValue(receiver, "[]", line, column);
        return InvokerHelper.invokeMethod(receiver, "getAt", new Object[] {index});
    }

    public static Object putAt(Object receiver, Object index, Object value, int line, int column) {
        tick();
        requireValue(receiver, "[]=", line, column);
        InvokerHelper.invokeMethod(receiver, "putAt", new Object[] {index, value});
        return value;
    }

    private static void requireValue(Object receiver, String what, int line, int column) {
        if (!(receiver instanceof Collection || receiver instanceof Map || receiver instanceof CharSequence || receiver instanceof byte[]
                || receiver instanceof java.util.regex.Matcher)) {
            throw refused(line, column, type(receiver) + what);
        }
    }

    private static void checkProperty(Object receiver, String name, int line, int column) {
        if (name.isEmpty() || receiver instanceof Class) {
            throw refused(line, column, type(receiver) + "." + name);
        }
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        if (allowed(receiver, "get" + cap) || allowed(receiver, "is" + cap)
                || receiver instanceof Map.Entry && (name.equals("key") || name.equals("value"))
                || receiver instanceof CharSequence && (name.equals("bytes") || name.equals("empty") || name.equals("blank"))) {
            return;
        }
        throw refused(line, column, type(receiver) + "." + name);
    }

    private static void check(Object receiver, String method, int line, int column) {
        if (!allowed(receiver, method)) {
            throw refused(line, column, type(receiver) + "." + method + "()");
        }
    }

    static boolean allowed(Object receiver, String method) {
        if (receiver == null || SandboxPolicy.NEVER.contains(method)) {
            return false;
        }
        if (receiver instanceof Class<?> c) {
            return SandboxPolicy.staticMember(c, method);
        }
        if (receiver instanceof Sensitive) {
            return SandboxPolicy.SENSITIVE.contains(method);
        }
        if (receiver instanceof Closure<?>) {
            return method.equals("call") || method.equals("curry");
        }
        Class<?> dsl = SandboxPolicy.dslClass(receiver);
        if (dsl != null) {
            return SandboxPolicy.dslMethods(dsl).contains(method);
        }
        return SandboxPolicy.value(receiver) && SandboxPolicy.VALUE.contains(method);
    }

    private static String type(Object o) {
        if (o == null) {
            return "null";
        }
        return o instanceof Class<?> c ? c.getName() : o.getClass().getName();
    }

    static BadPlaybookException refused(int line, int column, String what) {
        return new BadPlaybookException(line, column, what + " is not part of the playbook DSL; "
                + SandboxTransformer.alternative(what));
    }

    /** A playbook that reached for something outside the DSL: bad input, named by position. */
    public static final class BadPlaybookException extends dev.swarmops.ops.BadInputException {
        BadPlaybookException(int line, int column, String why) {
            super((line > 0 ? "line " + line + ", column " + column + ": " : "") + why);
        }
    }
}
