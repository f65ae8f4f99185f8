package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.CompilerConfiguration;

import java.util.Optional;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** Compiles a playbook onto {@link Playbook}, inside the sandbox ({@link SandboxTransformer}); there is no way around it. */
public final class PlaybookCompiler {

    private PlaybookCompiler() {
    }

    static Playbook compile(String fileName, String text) {
        Optional<Playbook> built = Precompiled.load(fileName, text);
        if (built.isPresent()) {
            return built.get();
        }
        GroovyShell shell = new GroovyShell(new ScriptLoader(Playbook.class.getClassLoader()), configuration());
        try {
            return (Playbook) shell.parse(text, className(fileName) + ".groovy");
        } catch (MultipleCompilationErrorsException e) {
            throw new BadInputException(fileName + ": " + firstError(e));
        }
    }

    /** The loader shell lines compile through: the JDK, Groovy and the DSL, nothing else. */
    public static ClassLoader scriptLoader(ClassLoader app) {
        return new ScriptLoader(app);
    }

    /** How playbooks compile: onto {@link Playbook}, sandboxed. */
    static CompilerConfiguration configuration() {
        CompilerConfiguration cc = sandboxed(false);
        cc.setScriptBaseClass(Playbook.class.getName());
        return cc;
    }

    /**
     * A compiler configuration whose code reaches nothing but the DSL and plain values (the shell
     * uses it with {@code repl}, where undeclared names are the session's variables). No global
     * AST transformation runs: {@code @Grab} and friends never get a chance.
     */
    public static CompilerConfiguration sandboxed(boolean repl) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setDisabledGlobalASTTransformations(globalTransforms());
        cc.addCompilationCustomizers(SandboxTransformer.early(), new SandboxTransformer(repl));
        return cc;
    }

    /** Every global AST transformation the class path declares. */
    private static java.util.Set<String> globalTransforms() {
        java.util.Set<String> names = new java.util.HashSet<>();
        ClassLoader cl = PlaybookCompiler.class.getClassLoader();
        for (String res : new String[] {"META-INF/services/org.codehaus.groovy.transform.ASTTransformation",
                "META-INF/groovy/org.codehaus.groovy.transform.ASTTransformation"}) {
            try {
                java.util.Enumeration<java.net.URL> urls = cl.getResources(res);
                while (urls.hasMoreElements()) {
                    try (java.io.InputStream in = urls.nextElement().openStream()) {
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return names;
    }

    /** The first compile error as {@code line L, column C: message}. */
    public static String describe(MultipleCompilationErrorsException e) {
        return firstError(e);
    }

    /** The script's class name, from its file name: install-manager.groovy → install_manager. */
    static String className(String fileName) {
        String base = fileName.replaceAll(".*/", "").replaceAll("\\.groovy$", "");
        String clean = base.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isJavaIdentifierStart(clean.charAt(0)) ? clean : "_" + clean;
    }

    private static String firstError(MultipleCompilationErrorsException e) {
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage sem) {
                SyntaxException se = sem.getCause();
                String text = se.getOriginalMessage().lines().findFirst().orElse("")
                        // a class the script loader hides: say so as the sandbox does
                        .replaceFirst("^unable to resolve class (\\S+).*", "$1 is not part of the playbook DSL; use the playbook DSL (docs/playbooks.md)");
                return "line " + se.getLine() + ", column " + se.getStartColumn() + ": " + text;
            }
        }
        return e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage());
    }
}
