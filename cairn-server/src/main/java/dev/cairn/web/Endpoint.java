package dev.cairn.web;

import java.util.List;

/** One ACME resource's handler; {@code params} are the path segments the route captured. */
interface Endpoint {
    void handle(Exchange ex, List<String> params);
}
