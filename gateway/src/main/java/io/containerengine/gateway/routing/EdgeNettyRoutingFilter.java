package io.containerengine.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;

import io.containerengine.gateway.auth.IdentityHeaderFilter;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's HTTP routing filter with the request headers rewritten in one pass
 * ({@link SinglePassRequestHeadersFilter}) rather than by seven filters that each copy every header: that chain
 * was the largest single cost of a proxied request in the profile. Response headers go through the registered
 * response filters, RemoveHopByHopHeadersFilter's part done by {@link HopByHopResponseHeadersFilter} (no copy when
 * there is nothing to drop). If the registered request filters are not exactly the ones the single pass reproduces
 * (trusted proxies configured, a filter added or reconfigured), the registered chain is used as it is.
 */
public class EdgeNettyRoutingFilter extends NettyRoutingFilter {

    private static final Logger log = LoggerFactory.getLogger(EdgeNettyRoutingFilter.class);

    private volatile List<HttpHeadersFilter> effective;

    public EdgeNettyRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        super(httpClient, headersFilters, properties);
    }

    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        List<HttpHeadersFilter> filters = effective;
        if (filters == null) {
            filters = singlePass(super.getHeadersFilters());
            effective = filters;
        }
        return filters;
    }

    /** The single pass plus the response-side filters, or {@code registered} itself if it can't stand in. */
    static List<HttpHeadersFilter> singlePass(List<HttpHeadersFilter> registered) {
        if (registered == null) {
            return null;
        }
        EdgeForwardedHeadersFilter forwarded = null;
        IdentityHeaderFilter identity = null;
        RemoveHopByHopHeadersFilter hopByHop = null;
        boolean removeForwarded = false;
        boolean removeXForwarded = false;
        boolean transferEncoding = false;
        boolean grpc = false;
        List<HttpHeadersFilter> response = new ArrayList<>();
        for (HttpHeadersFilter filter : registered) {
            if (filter.supports(HttpHeadersFilter.Type.RESPONSE)) {
                response.add(filter.getClass() == RemoveHopByHopHeadersFilter.class
                        ? new HopByHopResponseHeadersFilter(((RemoveHopByHopHeadersFilter) filter).getHeaders())
                        : filter);
            }
            if (!filter.supports(HttpHeadersFilter.Type.REQUEST)) {
                continue;
            }
            Class<?> type = filter.getClass();
            if (type == EdgeForwardedHeadersFilter.class) {
                forwarded = (EdgeForwardedHeadersFilter) filter;
            } else if (type == IdentityHeaderFilter.class) {
                identity = (IdentityHeaderFilter) filter;
            } else if (type == RemoveHopByHopHeadersFilter.class
                    && ((RemoveHopByHopHeadersFilter) filter).getOrder() == Integer.MAX_VALUE - 1) {
                hopByHop = (RemoveHopByHopHeadersFilter) filter;
            } else if (type == RemoveForwardedHeadersFilter.class) {
                removeForwarded = true;
            } else if (type == RemoveXForwardedHeadersFilter.class) {
                removeXForwarded = true;
            } else if (type == TransferEncodingNormalizationHeadersFilter.class) {
                transferEncoding = true;
            } else if (type == GRPCRequestHeadersFilter.class) {
                grpc = true;
            } else {
                log.info("Request header filter {} registered: proxying with the full header filter chain", type);
                return registered;
            }
        }
        if (forwarded == null || identity == null || hopByHop == null || !removeForwarded || !removeXForwarded
                || !transferEncoding) {
            log.info("Request header filters differ from the defaults: proxying with the full header filter chain");
            return registered;
        }
        List<HttpHeadersFilter> filters = new ArrayList<>();
        filters.add(new SinglePassRequestHeadersFilter(forwarded, identity, Set.copyOf(hopByHop.getHeaders()),
                grpc));
        filters.addAll(response);
        return List.copyOf(filters);
    }
}
