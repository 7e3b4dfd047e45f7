package io.containerengine.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;

class BodySizeLimitFilterTest {

    private static final int LIMIT = 16;

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(LIMIT);

    @Test
    void refusesAContentLengthOverTheLimitWith413InTheErrorShapeWithoutCallingTheChain() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        filter.doFilter(post(LIMIT + 1), response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).isEqualTo(
                "{\"error\":{\"message\":\"Request body too large\",\"details\":\"the body must be at most 16 bytes\"}}");
        assertThat(response.getContentAsString()).isEqualTo(BodySizeLimitFilter.error(LIMIT).toJson());
        assertThat(chain.getRequest()).as("chain not called").isNull();
    }

    @Test
    void failsTheReadOfAChunkedBodyOnceItPassesTheLimit() throws Exception {
        HttpServletRequest chunked = new HttpServletRequestWrapper(post(LIMIT + 1)) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        var thrown = new AtomicReference<Throwable>();
        FilterChain reader = (request, response) -> {
            try {
                StreamUtils.copyToByteArray(request.getInputStream());
            } catch (PayloadTooLargeException e) {
                thrown.set(e);
                throw e;
            }
        };
        var response = new MockHttpServletResponse();

        assertThatThrownBy(() -> filter.doFilter(chunked, response, reader))
                .isInstanceOf(PayloadTooLargeException.class);

        assertThat(thrown.get()).isInstanceOf(PayloadTooLargeException.class);
        assertThat(((PayloadTooLargeException) thrown.get()).limit()).isEqualTo(LIMIT);
        assertThat(PayloadTooLargeException.findIn(new IllegalStateException("wrapped", thrown.get())))
                .isSameAs(thrown.get());
        assertThat(response.getStatus()).as("nothing written by the filter itself").isEqualTo(200);
    }

    @Test
    void passesABodyAtTheLimitThroughUnchanged() throws Exception {
        var read = new AtomicReference<String>();
        FilterChain reader = (request, response) -> read.set(
                StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8));
        var response = new MockHttpServletResponse();

        filter.doFilter(post(LIMIT), response, reader);

        assertThat(read.get()).isEqualTo("x".repeat(LIMIT));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Connection")).isNull();
    }

    private static MockHttpServletRequest post(int bodyBytes) {
        var request = new MockHttpServletRequest("POST", "/v1/things");
        request.setContentType("application/json");
        request.setContent("x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
