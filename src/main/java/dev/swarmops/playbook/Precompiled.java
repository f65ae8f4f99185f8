package dev.swarmops.playbook;

import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stock playbooks compiled at build time (guarded, like any playbook) into the jar, under
 * {@code precompiled/<sha256 of the text>/}. A run whose playbook text matches loads those classes
 * and skips the Groovy compiler, which is most of a cold dry-run's time; any other text compiles
 * as usual.
 */
public final class Precompiled {

    private static final String ROOT = "precompiled/";

    private Precompiled() {
    }

    /** The compiled playbook for exactly this text and file name, when the build made one. */
    static Optional<Playbook> load(String fileName, String text) {
        String dir = ROOT + DataDsl.sha256(text) + "/";
        String main = PlaybookCompiler.className(fileName);
        ClassLoader parent = Precompiled.class.getClassLoader();
        if (parent.getResource(dir + main + ".class") == null) {
            return Optional.empty();
        }
        ClassLoader loader = new ClassLoader(new ScriptLoader(parent)) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                try (InputStream in = parent.getResourceAsStream(dir + name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        };
        try {
            return Optional.of((Playbook) InvokerHelper.createScript(loader.loadClass(main), new groovy.lang.Binding()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Build step: {@code Precompiled <playbooks dir> <classes dir>}; a stock playbook the guard refuses fails the build. */
    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]);
        File out = new File(args[1], ROOT);
        List<Path> books;
        try (Stream<Path> s = Files.walk(src)) {
            books = s.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
        }
        for (Path p : books) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            CompilerConfiguration cc = PlaybookCompiler.configuration();
            cc.setTargetDirectory(new File(out, DataDsl.sha256(text)));
            CompilationUnit unit = new CompilationUnit(cc);
            unit.addSource(PlaybookCompiler.className(p.toString()) + ".groovy", text);
            try {
                unit.compile();
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException(p + ": " + e.getMessage().lines().skip(1).findFirst().orElse(""), e));
            }
            System.out.println("precompiled " + p);
        }
    }
}
