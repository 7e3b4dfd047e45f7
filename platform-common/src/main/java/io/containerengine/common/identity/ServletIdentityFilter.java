package io.containerengine.common.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.containerengine.common.web.ApiError;

/**
 * Accepts a caller's identity only from the gateway's signed header; answers 401 on a non-public path
 * without one. Controllers read the user id from request attribute {@link InternalIdentity#USER_ID_ATTRIBUTE}.
 */
public class ServletIdentityFilter extends OncePerRequestFilter {

    private final InternalIdentity identity;
    private final PublicPaths publicPaths;

    public ServletIdentityFilter(InternalIdentity identity, IdentityProperties properties) {
        this.identity = identity;
        this.publicPaths = new PublicPaths(properties.publicPaths());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(InternalIdentity.HEADER);
        Optional<UUID> user = identity.verify(header);
        if (user.isPresent()) {
            request.setAttribute(InternalIdentity.USER_ID_ATTRIBUTE, user.get());
        } else if (header != null || !publicPaths.matches(request.getRequestURI())) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.getOutputStream().write(
                    ApiError.of("Authentication required").toJson().getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
