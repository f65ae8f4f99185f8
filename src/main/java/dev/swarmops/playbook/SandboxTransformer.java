package dev.swarmops.playbook;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.NamedArgumentListExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compile-time half of the playbook sandbox. Refuses, with line and column, what is known
 * before any code runs: a type outside the allow-list (named, constructed, cast to, declared),
 * a static member outside it, a name without a receiver that is not the DSL's, attribute and
 * method-pointer access, annotations other than {@code @BaseScript}, classes of its own. Rewrites
 * every call, property access and subscript on a receiver into {@link Sandbox}, which checks the
 * receiver's run-time class, and puts a {@link Sandbox#tick()} in every loop and closure.
 *
 * <p>Why a run-time interceptor, not static type checking: playbooks read settings as maps
 * ({@code cfg.master.proxy.port}), whose values have no static type; a type checker would have to
 * refuse them or give up on them. The interceptor knows every receiver when it is used.
 */
final class SandboxTransformer extends CompilationCustomizer {

    private static final ClassNode SANDBOX = ClassHelper.make(Sandbox.class);
    private static final Set<String> IMPLICIT = SandboxPolicy.implicitNames();
    private static final Map<String, String> ALTERNATIVES = Map.of(
            "Process", "run commands with host.run(purpose, cmd) (gated)",
            "Runtime", "run commands with host.run(purpose, cmd) (gated)",
            "File", "write files with host.write(path, text, mode) (gated); read with host.read(path)",
            "Path", "write files with host.write(path, text, mode) (gated); read with host.read(path)",
            "URL", "reach the engine through the primitives; check health with host.httpGet(url)",
            "Socket", "reach the engine through the primitives; check health with host.httpGet(url)",
            "System", "end a playbook with fail('why'); read the environment through env",
            "Thread", "steps run in order; wait with services.waitConverged(…)",
            "println", "print with say(text) or warn(text)");

    private final boolean repl;

    /** {@code repl}: a shell line, whose undeclared names are the session's own variables. */
    SandboxTransformer(boolean repl) {
        super(CompilePhase.CANONICALIZATION);
        this.repl = repl;
    }

    /** Names that reach the script object itself, never a variable of the author's. */
    private static final Set<String> SCRIPT_OWN = Set.of("binding", "metaClass", "class", "out", "args", "properties", "super",
            "this", "context", "ctx");

    /**
     * Runs right after parsing, before any annotation's transform is collected: refuses every
     * annotation but {@code @BaseScript} and every import alias, so no compile-time code
     * ({@code @ASTTest}, {@code @Grab}, a transform under another name) ever runs.
     */
    static CompilationCustomizer early() {
        return new CompilationCustomizer(CompilePhase.CONVERSION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                ModuleNode module = source.getAST();
                module.getImports().forEach(i -> {
                    if (!i.getAlias().equals(i.getType().getNameWithoutPackage())) {
                        source.getErrorCollector().addError(new org.codehaus.groovy.syntax.SyntaxException(
                                "import aliases are not part of the playbook DSL", i.getLineNumber(), i.getColumnNumber()), source);
                    }
                });
                new org.codehaus.groovy.ast.ClassCodeVisitorSupport() {
                    @Override
                    protected SourceUnit getSourceUnit() {
                        return source;
                    }

                    @Override
                    public void visitAnnotations(AnnotatedNode node) {
                        for (AnnotationNode a : node.getAnnotations()) {
                            String n = a.getClassNode().getName();
                            // Groovy's own (@Generated on main and run) has no position: not the author's
                            if (a.getLineNumber() > 0 && !n.equals("BaseScript") && !n.equals("groovy.transform.BaseScript")) {
                                addError("@" + a.getClassNode().getNameWithoutPackage() + " is not part of the playbook DSL: annotations"
                                        + " other than @BaseScript do not run", a);
                            }
                        }
                    }
                }.visitClass(classNode);
            }
        };
    }

    /** What to use instead, for a refusal message. */
    static String alternative(String what) {
        for (Map.Entry<String, String> e : ALTERNATIVES.entrySet()) {
            if (what.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return "use the playbook DSL (docs/playbooks.md)";
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = source.getAST();
        Rewriter r = new Rewriter(source, classNode, repl);
        if (module.getClasses().size() > 1) {
            ClassNode other = module.getClasses().stream().filter(c -> c != classNode).findFirst().orElseThrow();
            r.refuse("a class of its own (" + other.getNameWithoutPackage() + ") is not part of the playbook DSL; "
                    + "write top-level closures or methods", other);
        }
        r.annotations(classNode);
        for (MethodNode m : classNode.getMethods()) {
            r.annotations(m);
            for (Parameter p : m.getParameters()) {
                r.type(p.getOriginType(), p);
            }
        }
        r.visitClass(classNode);
    }

    private static final class Rewriter extends ClassCodeExpressionTransformer {
        private final SourceUnit source;
        private final Set<String> implicit = new HashSet<>(IMPLICIT);
        private final boolean repl;

        Rewriter(SourceUnit source, ClassNode script, boolean repl) {
            this.source = source;
            this.repl = repl;
            for (MethodNode m : script.getMethods()) {
                if (m.getLineNumber() > 0) {
                    implicit.add(m.getName());   // the playbook's own top-level methods
                }
            }
            for (PropertyNode p : script.getProperties()) {
                implicit.add(p.getName());
            }
            script.getFields().forEach(f -> implicit.add(f.getName()));   // @Field and @BaseScript's variable
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        void refuse(String why, ASTNode where) {
            // code Groovy generates for every script (main, run, constructors) has no position: not the author's
            if (where.getLineNumber() > 0) {
                addError(why, where);
            }
        }

        void type(ClassNode t, ASTNode where) {
            if (t == null) {
                return;
            }
            ClassNode plain = t.isArray() ? t.getComponentType() : t;
            if (!SandboxPolicy.TYPES.contains(plain.redirect().getName()) && !plain.isGenericsPlaceHolder()) {
                refuse(plain.getName() + " is not part of the playbook DSL; " + alternative(plain.getName()), where);
            }
        }

        void annotations(AnnotatedNode node) {
            for (AnnotationNode a : node.getAnnotations()) {
                if (!a.getClassNode().getName().equals("groovy.transform.BaseScript")) {
                    refuse("@" + a.getClassNode().getNameWithoutPackage() + " is not part of the playbook DSL: annotations other than"
                            + " @BaseScript do not run", a);
                }
            }
        }

        @Override
        public void visitAnnotations(AnnotatedNode node) {
            annotations(node);
        }

        @Override
        public Expression transform(Expression e) {
            if (e == null) {
                return null;
            }
            if (e instanceof ClosureExpression c) {
                for (Parameter p : c.getParameters() == null ? new Parameter[0] : c.getParameters()) {
                    type(p.getOriginType(), p);
                }
                c.getCode().visit(this);
                c.setCode(ticked(c.getCode()));
                return c;
            }
            if (e instanceof AttributeExpression || e instanceof MethodPointerExpression) {
                refuse("direct field access and method pointers (.@ .& ::) are not part of the playbook DSL", e);
                return e;
            }
            if (e instanceof MethodCallExpression m) {
                return call(m);
            }
            if (e instanceof StaticMethodCallExpression s) {
                // a call the compiler bound to the script's own method or a static import
                if (!implicit.contains(s.getMethod()) || !s.getOwnerType().getName().equals(source.getAST().getMainClassName())) {
                    refuse(s.getOwnerType().getName() + "." + s.getMethod() + "() is not part of the playbook DSL; "
                            + alternative(s.getOwnerType().getName()), s);
                }
                return super.transform(e);
            }
            if (e instanceof ConstructorCallExpression c) {
                if (!SandboxPolicy.CONSTRUCTIBLE.contains(c.getType().redirect().getName())) {
                    refuse("new " + c.getType().getName() + "(…) is not part of the playbook DSL; " + alternative(c.getType().getName()), c);
                }
                return super.transform(e);
            }
            if (e instanceof CastExpression c) {
                type(c.getType(), c);
                return super.transform(e);
            }
            if (e instanceof ClassExpression c) {
                type(c.getType(), c);
                return e;
            }
            if (e instanceof DeclarationExpression d) {
                if (d.isMultipleAssignmentDeclaration()) {
                    d.getTupleExpression().getExpressions().forEach(v -> type(((VariableExpression) v).getOriginType(), v));
                } else {
                    type(d.getVariableExpression().getOriginType(), d);
                }
                d.setRightExpression(transform(d.getRightExpression()));
                return d;
            }
            if (e instanceof VariableExpression v) {
                if (v.getAccessedVariable() instanceof DynamicVariable && !implicit.contains(v.getName())
                        && (!repl || SCRIPT_OWN.contains(v.getName()))) {
                    refuse("'" + v.getName() + "' is not part of the playbook DSL; " + alternative(v.getName()), v);
                }
                if (v.isSuperExpression()) {
                    refuse("super is not part of the playbook DSL", v);
                }
                return e;
            }
            if (e instanceof PropertyExpression p) {
                return property(p);
            }
            if (e instanceof BinaryExpression b) {
                return binary(b);
            }
            return super.transform(e);
        }

        private Expression call(MethodCallExpression m) {
            Expression receiver = m.getObjectExpression();
            boolean self = m.isImplicitThis() || receiver instanceof VariableExpression v && v.isThisExpression();
            if (self) {
                String name = m.getMethodAsString();
                if (name == null || !implicit.contains(name)) {
                    refuse((name == null ? "a method name computed at run time" : name + "(…)") + " is not part of the playbook DSL; "
                            + alternative(String.valueOf(name)), m);
                }
                m.setArguments(transform(m.getArguments()));
                return m;
            }
            if (receiver instanceof ClassExpression c) {
                // by name: the class need not (and may not) be loadable here
                if (m.getMethodAsString() == null || !SandboxPolicy.staticMember(c.getType().getName(), m.getMethodAsString())) {
                    refuse(c.getType().getName() + "." + m.getMethodAsString() + "() is not part of the playbook DSL; "
                            + alternative(c.getType().getName()), m);
                    return m;
                }
            } else if (receiver instanceof VariableExpression v && v.isSuperExpression()) {
                refuse("super is not part of the playbook DSL", m);
                return m;
            }
            List<Expression> args = new ArrayList<>();
            args.add(receiver instanceof ClassExpression ? receiver : transform(receiver));
            args.add(transform(m.getMethod()));
            if (!m.isSpreadSafe()) {
                args.add(new ConstantExpression(m.isSafe(), true));
            }
            args.add(new ConstantExpression(m.getLineNumber(), true));
            args.add(new ConstantExpression(m.getColumnNumber(), true));
            args.add(arguments(m.getArguments()));
            return positioned(new StaticMethodCallExpression(SANDBOX, m.isSpreadSafe() ? "spreadCall" : "call",
                    new ArgumentListExpression(args)), m);
        }

        /** Call arguments as one Object[]; named arguments as the map Groovy would pass first. */
        private Expression arguments(Expression args) {
            List<Expression> out = new ArrayList<>();
            if (args instanceof TupleExpression t) {
                for (Expression a : t.getExpressions()) {
                    if (a instanceof NamedArgumentListExpression n) {
                        out.add(0, transform(new MapExpression(n.getMapEntryExpressions())));
                    } else if (a instanceof SpreadExpression) {
                        refuse("spread arguments (*list) are not part of the playbook DSL", a);
                    } else {
                        out.add(transform(a));
                    }
                }
            } else {
                out.add(transform(args));
            }
            return new ArrayExpression(ClassHelper.OBJECT_TYPE, out);
        }

        private Expression property(PropertyExpression p) {
            Expression receiver = p.getObjectExpression();
            if (receiver instanceof VariableExpression v && v.isThisExpression() || p.isImplicitThis()) {
                String name = p.getPropertyAsString();
                if (name == null || !implicit.contains(name) && (!repl || SCRIPT_OWN.contains(name))) {
                    refuse("'" + name + "' is not part of the playbook DSL", p);
                }
                return p;
            }
            if (receiver instanceof ClassExpression c) {
                type(c.getType(), c);
                boolean constant = c.getType().isEnum() || SandboxPolicy.staticClass(c.getType().getName())
                        && p.getPropertyAsString() != null && p.getPropertyAsString().matches("[A-Z_]+");
                if (!constant) {
                    refuse(c.getType().getName() + "." + p.getPropertyAsString() + " is not part of the playbook DSL", p);
                }
                return p;
            }
            List<Expression> args = new ArrayList<>();
            args.add(transform(receiver));
            args.add(transform(p.getProperty()));
            if (!p.isSpreadSafe()) {
                args.add(new ConstantExpression(p.isSafe(), true));
            }
            args.add(new ConstantExpression(p.getLineNumber(), true));
            args.add(new ConstantExpression(p.getColumnNumber(), true));
            return positioned(new StaticMethodCallExpression(SANDBOX, p.isSpreadSafe() ? "spreadProperty" : "getProperty",
                    new ArgumentListExpression(args)), p);
        }

        private Expression binary(BinaryExpression b) {
            int op = b.getOperation().getType();
            Expression left = b.getLeftExpression();
            if (op == Types.LEFT_SQUARE_BRACKET) {
                return sandbox("getAt", b, transform(left), transform(b.getRightExpression()));
            }
            if (Types.ofType(op, Types.ASSIGNMENT_OPERATOR)) {
                boolean plain = op == Types.ASSIGN;
                if (left instanceof BinaryExpression sub && sub.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
                    if (!plain) {
                        refuse("compound assignment to an element; write x[k] = x[k] + v", b);
                    }
                    return sandbox("putAt", b, transform(sub.getLeftExpression()), transform(sub.getRightExpression()),
                            transform(b.getRightExpression()));
                }
                if (left instanceof PropertyExpression p && !(p.getObjectExpression() instanceof VariableExpression v && v.isThisExpression())) {
                    if (!plain || left instanceof AttributeExpression || p.isSpreadSafe()) {
                        refuse("this assignment to a property is not part of the playbook DSL; write x.p = value", b);
                    }
                    return sandbox("setProperty", b, transform(p.getObjectExpression()), transform(p.getProperty()),
                            transform(b.getRightExpression()));
                }
                if (left instanceof VariableExpression v && v.getAccessedVariable() instanceof DynamicVariable
                        && (!repl || SCRIPT_OWN.contains(v.getName()) || implicit.contains(v.getName()))) {
                    refuse("assigning '" + v.getName() + "' without def is not part of the playbook DSL; declare it with def", b);
                }
            }
            b.setLeftExpression(transform(left));
            b.setRightExpression(transform(b.getRightExpression()));
            return b;
        }

        private Expression sandbox(String method, ASTNode where, Expression... args) {
            List<Expression> all = new ArrayList<>(List.of(args));
            all.add(new ConstantExpression(where.getLineNumber(), true));
            all.add(new ConstantExpression(where.getColumnNumber(), true));
            return positioned(new StaticMethodCallExpression(SANDBOX, method, new ArgumentListExpression(all)), where);
        }

        private static Expression positioned(Expression e, ASTNode where) {
            e.setSourcePosition(where);
            return e;
        }

        private static Statement ticked(Statement body) {
            BlockStatement b = new BlockStatement();
            b.addStatement(new ExpressionStatement(new StaticMethodCallExpression(SANDBOX, "tick", ArgumentListExpression.EMPTY_ARGUMENTS)));
            b.addStatement(body);
            b.setVariableScope(body instanceof BlockStatement bs ? bs.getVariableScope() : null);
            return b;
        }

        @Override
        public void visitForLoop(ForStatement s) {
            super.visitForLoop(s);
            s.setLoopBlock(ticked(s.getLoopBlock()));
        }

        @Override
        public void visitWhileLoop(WhileStatement s) {
            super.visitWhileLoop(s);
            s.setLoopBlock(ticked(s.getLoopBlock()));
        }

        @Override
        public void visitDoWhileLoop(DoWhileStatement s) {
            super.visitDoWhileLoop(s);
            s.setLoopBlock(ticked(s.getLoopBlock()));
        }
    }
}
