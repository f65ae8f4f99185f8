package dev.swarmops.playbook;

import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, at compile time, every way a playbook could change the world around the gate:
 * processes, file writes, sockets and HTTP clients, System.exit, threads, reflection and
 * dynamic code. Each refusal names the gated alternative.
 */
final class GateGuard extends CompilationCustomizer {

    static final String PROCESS = "starting processes directly is refused; use host.run(purpose, cmd…) for commands that change"
            + " the host (gated) or host.probe(cmd…) for read-only ones";
    static final String FILES = "direct file access is refused; use host.write(path, text, mode) to write (gated) and"
            + " host.read(path) / host.exists(path) to read";
    static final String NETWORK = "sockets and HTTP clients are refused; reach the engine through the primitives"
            + " (services, networks, secrets …) and check health with host.httpGet(url)";
    static final String EXIT = "System.exit is refused; end a playbook with fail('why')";
    static final String THREADS = "threads are refused; steps run in order, wait with services.waitConverged(…)";
    static final String REFLECTION = "reflection and dynamic code are refused; use the playbook DSL";

    /** Forbidden types and packages (prefix match on the resolved class name) → why. */
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        for (String t : new String[] {"java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.Process"}) {
            TYPES.put(t, PROCESS);
        }
        for (String t : new String[] {"java.io.File", "java.io.FileWriter", "java.io.FileOutputStream", "java.io.FileReader",
                "java.io.FileInputStream", "java.io.RandomAccessFile", "java.io.PrintWriter", "java.io.PrintStream",
                "java.nio.file.", "java.nio.channels."}) {
            TYPES.put(t, FILES);
        }
        for (String t : new String[] {"java.net.", "javax.net.", "java.nio.channels.SocketChannel", "jdk.net."}) {
            TYPES.put(t, NETWORK);
        }
        for (String t : new String[] {"java.lang.Thread", "java.util.concurrent.", "java.util.Timer", "groovyx.gpars."}) {
            TYPES.put(t, THREADS);
        }
        for (String t : new String[] {"java.lang.reflect.", "java.lang.invoke.", "java.lang.Class", "java.lang.ClassLoader",
                "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader", "groovy.util.Eval", "groovy.lang.MetaClass",
                "groovy.lang.ExpandoMetaClass", "groovy.lang.Grab", "groovy.grape.", "org.codehaus.groovy.", "org.apache.groovy.",
                "sun.", "jdk.internal.", "dev.swarmops.engine.", "dev.swarmops.gate.ApplyGate"}) {
            TYPES.put(t, REFLECTION);
        }
    }

    /** Method names that reach around the gate on any receiver (Groovy's String#execute among them). */
    private static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry("execute", PROCESS), Map.entry("exec", PROCESS), Map.entry("evaluate", REFLECTION),
            // 'http://…'.toURL().text reaches the network without naming a java.net type
            Map.entry("toURL", NETWORK), Map.entry("openConnection", NETWORK), Map.entry("openStream", NETWORK),
            Map.entry("forName", REFLECTION), Map.entry("getClassLoader", REFLECTION), Map.entry("loadClass", REFLECTION),
            Map.entry("parseClass", REFLECTION), Map.entry("defineClass", REFLECTION), Map.entry("setAccessible", REFLECTION),
            Map.entry("getMetaClass", REFLECTION), Map.entry("invokeMethod", REFLECTION), Map.entry("getDeclaredMethod", REFLECTION),
            Map.entry("getDeclaredField", REFLECTION), Map.entry("newInstance", REFLECTION));

    private static final Set<String> PROPERTIES = Set.of("metaClass", "classLoader", "declaredMethods", "declaredFields");

    GateGuard() {
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Visitor v = new Visitor(source);
        ModuleNode module = source.getAST();
        for (ImportNode i : module.getImports()) {
            v.checkType(i.getType(), i);
        }
        for (ImportNode i : module.getStaticImports().values()) {
            v.checkType(i.getType(), i);
        }
        for (ImportNode i : module.getStarImports()) {
            v.checkName(i.getPackageName(), i);
        }
        v.checkType(classNode.getSuperClass(), classNode);
        v.visitClass(classNode);
    }

    private static final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;

        Visitor(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        void checkType(ClassNode type, ASTNode where) {
            if (type != null) {
                checkName(type.getName(), where);
            }
        }

        void checkName(String name, ASTNode where) {
            for (Map.Entry<String, String> e : TYPES.entrySet()) {
                String k = e.getKey();
                boolean hit = k.endsWith(".") ? name.startsWith(k) || name.equals(k.substring(0, k.length() - 1)) : name.equals(k);
                if (hit && !name.equals("java.util.concurrent.TimeUnit")) {
                    refuse(e.getValue() + " (" + name + ")", where);
                    return;
                }
            }
        }

        private void refuse(String why, ASTNode where) {
            // code Groovy generates for every script (main, run) has no position: not the author's
            if (where.getLineNumber() > 0) {
                addError(why, where);
            }
        }

        @Override
        public void visitConstructorCallExpression(ConstructorCallExpression call) {
            checkType(call.getType(), call);
            super.visitConstructorCallExpression(call);
        }

        @Override
        public void visitClassExpression(ClassExpression expression) {
            checkType(expression.getType(), expression);
            super.visitClassExpression(expression);
        }

        @Override
        public void visitCastExpression(CastExpression expression) {
            checkType(expression.getType(), expression);
            super.visitCastExpression(expression);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            if (name == null) {
                // x."${'exe' + 'cute'}"(): a name computed at run time cannot be checked here
                refuse(REFLECTION + " (a method name computed at run time)", call);
            } else {
                if (call.getObjectExpression() instanceof ClassExpression ce && ce.getType().getName().equals("java.lang.System")
                        && (name.equals("exit") || name.equals("halt") || name.startsWith("set") || name.startsWith("load"))) {
                    refuse(EXIT + " (System." + name + ")", call);
                } else if (METHODS.containsKey(name)) {
                    refuse(METHODS.get(name) + " (." + name + "())", call);
                }
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            checkType(call.getOwnerType(), call);
            if (METHODS.containsKey(call.getMethod())) {
                refuse(METHODS.get(call.getMethod()) + " (" + call.getMethod() + "())", call);
            }
            super.visitStaticMethodCallExpression(call);
        }

        @Override
        public void visitMethodPointerExpression(MethodPointerExpression pointer) {
            // 'ls'.&execute and 'ls'::execute call the method later, without a method call expression
            String name = pointer.getMethodName() instanceof ConstantExpression c ? c.getText() : null;
            if (name == null) {
                refuse(REFLECTION + " (a method name computed at run time)", pointer);
            } else if (METHODS.containsKey(name)) {
                refuse(METHODS.get(name) + " (.&" + name + ")", pointer);
            }
            super.visitMethodPointerExpression(pointer);
        }

        @Override
        public void visitBinaryExpression(BinaryExpression expression) {
            // x['classLoader'] reads the property like x.classLoader does
            if (expression.getOperation().getType() == Types.LEFT_SQUARE_BRACKET
                    && expression.getRightExpression() instanceof ConstantExpression c && PROPERTIES.contains(c.getText())) {
                refuse(REFLECTION + " (['" + c.getText() + "'])", expression);
            }
            super.visitBinaryExpression(expression);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression expression) {
            if (PROPERTIES.contains(expression.getPropertyAsString())) {
                refuse(REFLECTION + " (." + expression.getPropertyAsString() + ")", expression);
            }
            super.visitPropertyExpression(expression);
        }

        @Override
        public void visitVariableExpression(VariableExpression expression) {
            if (PROPERTIES.contains(expression.getName())) {
                refuse(REFLECTION + " (" + expression.getName() + ")", expression);
            }
            checkType(expression.getOriginType(), expression);
            super.visitVariableExpression(expression);
        }

        @Override
        public void visitAnnotations(org.codehaus.groovy.ast.AnnotatedNode node) {
            for (AnnotationNode a : node.getAnnotations()) {
                String n = a.getClassNode().getName();
                if (n.equals("groovy.lang.Grab") || n.equals("groovy.lang.Grapes") || n.startsWith("groovy.grape.")
                        || n.equals("groovy.transform.ASTTest")) {
                    refuse("fetching dependencies and compile-time code are refused (@" + a.getClassNode().getNameWithoutPackage() + ")", a);
                }
            }
            super.visitAnnotations(node);
        }
    }
}
