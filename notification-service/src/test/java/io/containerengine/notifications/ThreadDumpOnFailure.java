package io.containerengine.notifications;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints every thread's stack when a test fails (registered for all tests through JUnit's extension
 * autodetection). A request that hangs until its timeout only shows where the test waited; the dump shows what
 * the server's threads were doing meanwhile.
 */
public final class ThreadDumpOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        String dump = Arrays.stream(threads)
                .sorted(Comparator.comparing(ThreadInfo::getThreadName))
                .map(ThreadDumpOnFailure::describe)
                .collect(Collectors.joining("\n"));
        System.err.println("=== threads when " + context.getDisplayName() + " failed (" + cause + ") ===\n" + dump
                + "=== end of threads ===");
    }

    /** ThreadInfo.toString() cuts stacks at 8 frames; a hang needs the whole stack. */
    private static String describe(ThreadInfo thread) {
        StringBuilder out = new StringBuilder("\"").append(thread.getThreadName()).append("\" ")
                .append(thread.getThreadState());
        if (thread.getLockName() != null) {
            out.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        out.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            out.append("    at ").append(frame).append('\n');
        }
        return out.toString();
    }
}
