package io.containerengine.auth.ratelimit;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The client's address as our own proxies saw it. The gateway appends the peer it accepted the connection from to
 * {@code X-Forwarded-For}; everything to the left of the entries our proxies added came from the client and is
 * ignored (a client could otherwise send a new made-up address with every request and never be limited). With
 * {@code forwarded-hops = 1} that is the last entry; without the header (a direct call) the socket's peer.
 */
@Component
public class ClientAddress {

    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final int hops;

    public ClientAddress(RateLimitProperties properties) {
        this.hops = properties.forwardedHops();
    }

    public String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (hops > 0 && forwarded != null && !forwarded.isBlank()) {
            String[] entries = forwarded.split(",");
            int index = entries.length - hops;
            if (index >= 0) {
                String candidate = entries[index].trim();
                if (ADDRESS.matcher(candidate).matches()) {
                    return candidate;
                }
            }
        }
        return request.getRemoteAddr();
    }
}
