// The test suite's EPUBCheck: one JVM for every check of a session (a JVM started a check cost ~5 s of
// CPU, most of it starting Java and loading EPUBCheck). Each line on stdin is an EPUB's path and a
// report's path, tab-separated; each check runs as EPUBCheck's command line runs it
// (`epubcheck EPUB --json REPORT -q`, a new EpubChecker each time) and answers one line, "done CODE".
// EPUBCheck's own printing goes to stderr, so that stdout carries the answers only.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;

public class EpubCheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err);
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line;
        while ((line = lines.readLine()) != null) {
            String[] paths = line.split("\t");
            int code = new com.adobe.epubcheck.tool.EpubChecker().run(
                new String[] {paths[0], "--json", paths[1], "-q"});
            answers.println("done " + code);
            answers.flush();
        }
    }
}
