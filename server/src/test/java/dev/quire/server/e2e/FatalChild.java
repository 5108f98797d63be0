package dev.quire.server.e2e;

import dev.quire.server.Main;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A test's server process: {@link Main} with one fault injected once it has printed its URL.
 * {@code FatalChild kill-thread NAME args…} does what the JVM does when an error ends the named
 * server thread: calls that thread's uncaught-exception handler with the error ({@code
 * Thread.stop} would be closer but is unsafe: it corrupts the locks the thread holds, so what
 * ends the thread is not what was thrown). {@code FatalChild oom args…} runs a thread that
 * allocates more than the heap. Run with the shaded jar and the test classes.
 */
public final class FatalChild {
    private FatalChild() {}

    public static void main(String[] args) throws Exception {
        String fault = args[0];
        String[] serverArgs;
        Runnable inject;
        if (fault.equals("kill-thread")) {
            String name = args[1];
            serverArgs = Arrays.copyOfRange(args, 2, args.length);
            inject = () -> {
                Thread t = thread(name);
                t.getUncaughtExceptionHandler().uncaughtException(t, new InternalError("injected by FatalChild"));
            };
        } else {
            serverArgs = Arrays.copyOfRange(args, 1, args.length);
            inject = () -> {
                long[][] hog = new long[1 << 20][];
                for (int i = 0; i < hog.length; i++) {
                    hog[i] = new long[1 << 20];
                }
            };
        }
        // Inject once Main has printed its URL: the test reads that line first, and a fault
        // injected earlier would end the process before the test knows it started.
        CountDownLatch listening = new CountDownLatch(1);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line != null && line.startsWith("Quire listening on ")) {
                    listening.countDown();
                }
            }
        });
        Thread injector = new Thread(
                () -> {
                    try {
                        listening.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    inject.run();
                },
                "fault-injector");
        injector.setDaemon(true);
        injector.start();
        Main.main(serverArgs);
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElse(null);
    }
}
