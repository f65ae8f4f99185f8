package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** Compiles a playbook onto {@link Playbook}, guarded by {@link GateGuard} unless raw access was asked for. */
final class PlaybookCompiler {

    private PlaybookCompiler() {
    }

    static Playbook compile(String fileName, String text, boolean rawAccess) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(Playbook.class.getName());
        if (!rawAccess) {
            cc.addCompilationCustomizers(new GateGuard());
        }
        GroovyShell shell = new GroovyShell(Playbook.class.getClassLoader(), cc);
        try {
            return (Playbook) shell.parse(text, scriptName(fileName));
        } catch (MultipleCompilationErrorsException e) {
            throw new BadInputException(fileName + ": " + firstError(e));
        }
    }

    private static String scriptName(String fileName) {
        String base = fileName.replaceAll(".*/", "").replaceAll("\\.groovy$", "");
        String clean = base.replaceAll("[^A-Za-z0-9_]", "_");
        return (Character.isJavaIdentifierStart(clean.charAt(0)) ? clean : "_" + clean) + ".groovy";
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
