package sell;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** File systems a test mounts for itself (as root): a small tmpfs to fill, an ext4 image the kernel turns read-only. */
final class Mounts {
    private Mounts() {
    }

    /** Skips the test unless it runs as root, which mounting needs; on CI it must run. */
    static void assumeRoot(String what) throws Exception {
        boolean root = run("id", "-u").strip().equals("0");
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run " + what + ": it mounts file systems, run the tests as root");
        }
        Assumptions.assumeTrue(root, what + " skipped: mounting a file system needs root");
    }

    /** A tmpfs of kib KiB on dir (created when missing). */
    static Path tmpfs(Path dir, int kib) throws Exception {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0755", "tmpfs", dir.toString());
        return dir;
    }

    /** An ext4 file system of mib MiB in an image file, mounted on dir so that an error makes it read-only. */
    static Path ext4(Path image, Path dir, int mib) throws Exception {
        Files.createDirectories(dir);
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(mib * 1048576L);
        }
        run("mkfs.ext4", "-q", "-F", image.toString());
        mountExt4(image, dir);
        return dir;
    }

    static void mountExt4(Path image, Path dir) throws Exception {
        run("mount", "-o", "loop,errors=remount-ro", image.toString(), dir.toString());
    }

    /**
     * Makes the kernel take an ext4 file system read-only at once, as it does on a disk error:
     * files open for writing then fail with EROFS (a plain remount is refused while they are open).
     */
    static void failExt4(Path dir) throws Exception {
        String device = run("findmnt", "-no", "SOURCE", dir.toString()).strip();
        Files.writeString(Path.of("/sys/fs/ext4", Path.of(device).getFileName().toString(), "trigger_fs_error"), "1");
    }

    /** Repairs the image as an operator would before mounting it again; exit 1 means it fixed something. */
    static void fsck(Path image) throws Exception {
        Process p = new ProcessBuilder(tool("e2fsck"), "-f", "-y", image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() > 1) throw new IllegalStateException("e2fsck: " + out);
    }

    static void unmount(Path dir) throws Exception {
        if (run("findmnt", "-no", "TARGET", dir.toString()).isBlank()) return;
        run("umount", dir.toString());
    }

    /** The system tool by name, also where a PATH without the sbin folders would not find it. */
    private static String tool(String name) {
        for (String folder : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(folder, name))) return folder + "/" + name;
        }
        return name;
    }

    /** Writes to path until the file system refuses (ENOSPC); answers the bytes written. */
    static long fill(Path file) throws IOException {
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int chunk : List.of(65536, 4096, 512, 1)) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                        written += chunk;
                    }
                } catch (IOException full) {
                    // the next, smaller chunk takes what is left
                }
            }
        } catch (IOException closing) {
            // nothing more fits
        }
        return written;
    }

    /** Runs a command and answers what it printed; a failure is an exception with its output. */
    static String run(String... command) throws Exception {
        command[0] = tool(command[0]);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0 && !command[0].endsWith("findmnt")) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out;
    }
}
