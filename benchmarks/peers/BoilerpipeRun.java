// BoilerpipeRun.java -- boilerpipe over many pages in one process (benchmarks/report.sh).
// Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
//
//   javac -d DIR -cp CLASSPATH benchmarks/peers/BoilerpipeRun.java
//   java -cp DIR:CLASSPATH BoilerpipeRun OUTDIR FILE...      (or OUTDIR @LIST, one file a line)
//
// CLASSPATH: /usr/share/java/{boilerpipe,nekohtml,xercesImpl}.jar (Debian package
// libboilerpipe-java and what it depends on).  For each FILE writes the text of boilerpipe's
// ArticleExtractor to OUTDIR/<name>.txt, <name> being the file name without .html.  The page
// is read as UTF-8 (the benchmark pages are).  Prints one line on stdout:
// "pages N bytes B seconds S cpu_seconds C failed F", S being the wall time of the loop over
// the pages (reading, extracting, writing) and C the CPU time of the whole process (every
// thread: garbage collector and compiler too) during it, both measured inside the process:
// the JVM's start-up is not in them (its just-in-time compilation on the first pages is).  A page that fails is written
// empty and counted on stderr.

import de.l3s.boilerpipe.extractors.ArticleExtractor;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

public final class BoilerpipeRun {
    private BoilerpipeRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java BoilerpipeRun OUTDIR FILE... | OUTDIR @LIST");
            System.exit(1);
        }
        Path out = Paths.get(args[0]);
        List<String> files = new ArrayList<>();
        if (args.length == 2 && args[1].startsWith("@")) {
            for (String line : Files.readAllLines(Paths.get(args[1].substring(1)), StandardCharsets.UTF_8)) {
                if (!line.trim().isEmpty()) {
                    files.add(line.trim());
                }
            }
        } else {
            for (int i = 1; i < args.length; i++) {
                files.add(args[i]);
            }
        }
        Files.createDirectories(out);
        long bytes = 0;
        int failed = 0;
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (String file : files) {
            byte[] html = Files.readAllBytes(Paths.get(file));
            bytes += html.length;
            String text;
            try {
                text = ArticleExtractor.INSTANCE.getText(new String(html, StandardCharsets.UTF_8));
            } catch (Exception e) {
                System.err.println("BoilerpipeRun: " + file + ": " + e);
                failed++;
                text = "";
            }
            String name = Paths.get(file).getFileName().toString();
            if (name.endsWith(".html")) {
                name = name.substring(0, name.length() - ".html".length());
            }
            Files.write(out.resolve(name + ".txt"), text.getBytes(StandardCharsets.UTF_8));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf("pages %d bytes %d seconds %.6f cpu_seconds %.6f failed %d%n",
                          files.size(), bytes, secs, cpu, failed);
    }
}
