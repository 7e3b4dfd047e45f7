package io.containerengine.notifications;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The decoded text parts of a received e-mail, by content type (text/plain, text/html). */
public final class MailParts {

    private MailParts() {
    }

    public static Map<String, String> of(Part message) throws Exception {
        Map<String, String> parts = new LinkedHashMap<>();
        collect(message, parts);
        return parts;
    }

    private static void collect(Part part, Map<String, String> parts) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), parts);
            }
        } else if (content instanceof String text) {
            String type = part.getContentType().toLowerCase(Locale.ROOT);
            // SMTP transports lines as CRLF; compare in LF.
            parts.put(type.startsWith("text/html") ? "text/html" : "text/plain", text.replace("\r\n", "\n"));
        }
    }
}
