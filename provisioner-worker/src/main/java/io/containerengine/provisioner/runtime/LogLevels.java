package io.containerengine.provisioner.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The level of a log line an app wrote: the one the line states, as most logging libraries print it near the start
 * ({@code 2025-01-01 12:00:00 WARN ...}, {@code [error] ...}, {@code WARNING:root:...}, {@code level=debug},
 * {@code {"level":"warn",...}}); else what the stream suggests: {@code error} for stderr where the runtime can tell
 * (locally), {@code info} otherwise. One of {@code debug}, {@code info}, {@code warn}, {@code error}.
 */
public final class LogLevels {

    /** Levels are written early in a line; a word further on is part of the message ("retrying after error"). */
    private static final int PREFIX = 80;
    private static final Pattern JSON_LEVEL = Pattern.compile(
            "\"(?:level|severity|lvl|log\\.level)\"\\s*:\\s*\"([A-Za-z]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile(
            "(?<![A-Za-z0-9_])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE)"
                    + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGFMT = Pattern.compile("(?:^|\\s)level=\"?([A-Za-z]+)", Pattern.CASE_INSENSITIVE);

    private LogLevels() {
    }

    public static String of(String message, boolean stderr) {
        String stated = stated(message);
        if (stated != null) {
            return stated;
        }
        return stderr ? "error" : "info";
    }

    private static String stated(String message) {
        String head = message.length() > PREFIX ? message.substring(0, PREFIX) : message;
        if (head.startsWith("{")) {
            Matcher json = JSON_LEVEL.matcher(message);
            return json.find() ? normalize(json.group(1)) : null;
        }
        Matcher logfmt = LOGFMT.matcher(head);
        if (logfmt.find()) {
            return normalize(logfmt.group(1));
        }
        Matcher word = WORD.matcher(head);
        while (word.find()) {
            // A lower-case word counts only when marked as a level ([error], <warn>, error:), not in a sentence.
            String found = word.group(1);
            if (found.equals(found.toUpperCase(Locale.ROOT)) || marked(head, word.start(), word.end())) {
                return normalize(found);
            }
        }
        return null;
    }

    private static boolean marked(String head, int start, int end) {
        char before = start > 0 ? head.charAt(start - 1) : ' ';
        char after = end < head.length() ? head.charAt(end) : ' ';
        return (before == '[' && after == ']') || (before == '<' && after == '>') || (start == 0 && after == ':');
    }

    private static String normalize(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace", "debug" -> "debug";
            case "info", "notice", "information" -> "info";
            case "warn", "warning" -> "warn";
            case "error", "err", "fatal", "critical", "crit", "panic", "severe", "alert", "emerg" -> "error";
            default -> null;
        };
    }
}
