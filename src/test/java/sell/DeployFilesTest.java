package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The files docs/OPERATIONS.md hands operators: checked by the tools that will read them. */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("deploy");

    /** Runs a tool; where it is missing the check is skipped, except promtool under CI (.ci/run installs it). */
    private static String run(String tool, boolean requiredOnCi, String... args) throws Exception {
        File binary = new File("/usr/bin/" + tool);
        if (!binary.canExecute()) {
            if (requiredOnCi && "true".equals(System.getenv("CI"))) throw new IllegalStateException("CI must have " + tool);
            Assumptions.assumeTrue(false, tool + " is not installed here");
        }
        List<String> command = new ArrayList<>(List.of(binary.getPath()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), tool + " " + String.join(" ", args) + ":\n" + said);
        return said;
    }

    @Test
    void theAlertRulesAreValidAndFireOnWhatTheyAreFor() throws Exception {
        assertTrue(run("promtool", true, "check", "rules", DEPLOY.resolve("sell-alerts.yml").toString())
                .contains("3 rules found"));
        run("promtool", true, "test", "rules", DEPLOY.resolve("sell-alerts.test.yml").toString());
        run("promtool", true, "check", "config", DEPLOY.resolve("prometheus.yml").toString());
    }

    @Test
    void theSystemdUnitVerifies() throws Exception {
        // installed as the unit says, in /opt/sell: here the checkout stands in for it
        Path unit = Files.createTempDirectory("sell-unit").resolve("sell.service");
        String text = Files.readString(DEPLOY.resolve("sell.service")).replace("/opt/sell", Path.of("").toAbsolutePath().toString());
        Files.writeString(unit, text);
        try {
            run("systemd-analyze", false, "verify", unit.toString());
        } finally {
            Files.delete(unit);
            Files.delete(unit.getParent());
        }
        assertTrue(text.contains("KillSignal=SIGTERM") && text.contains("RestartPreventExitStatus=2"));
    }
}
