package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.CompilerConfiguration;

import java.util.Optional;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** Compiles a playbook onto {@link Playbook}, guarded by {@link GateGuard} unless raw access was asked for. */
public final class PlaybookCompiler {

    private PlaybookCompiler() {
    }

    static Playbook compile(String fileName, String text, boolean rawAccess) {
        if (!rawAccess) {
            Optional<Playbook> built = Precompiled.load(fileName, text);
            if (built.isPresent()) {
                return built.get();
            }
        }
        GroovyShell shell = new GroovyShell(Playbook.class.getClassLoader(), configuration(rawAccess));
        try {
            return (Playbook) shell.parse(text, className(fileName) + ".groovy");
        } catch (MultipleCompilationErrorsException e) {
            throw new BadInputException(fileName + ": " + firstError(e));
        }
    }

    /** How playbooks compile: onto {@link Playbook}, guarded unless raw access was asked for. */
    static CompilerConfiguration configuration(boolean rawAccess) {
        CompilerConfiguration cc = guarded(rawAccess);
        cc.setScriptBaseClass(Playbook.class.getName());
        return cc;
    }

    /** A compiler configuration that refuses code reaching around the gate (the shell uses it too). */
    public static CompilerConfiguration guarded(boolean rawAccess) {
        CompilerConfiguration cc = new CompilerConfiguration();
        if (!rawAccess) {
            cc.addCompilationCustomizers(new GateGuard());
        }
        return cc;
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
                String text = se.getOriginalMessage().lines().findFirst().orElse("");
                return "line " + se.getLine() + ", column " + se.getStartColumn() + ": " + text;
            }
        }
        return e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage());
    }
}
