package dev.cairn.challtestsrv;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Plain-HTTP Jetty listeners for the responders and the management API of the test server. */
final class PlainHttp {
    private PlainHttp() {}

    static Server start(InetSocketAddress bind, Handler handler, String name) throws Exception {
        return start(
                bind,
                handler,
                name,
                (server, http) -> new ServerConnector(server, 1, 1, new HttpConnectionFactory(http)));
    }

    /**
     * A server on its own small daemon pool, with the one connector {@code connectorFor} makes from
     * the server and its HTTP configuration, bound to {@code bind}.
     */
    static Server start(
            InetSocketAddress bind,
            Handler handler,
            String name,
            BiFunction<Server, HttpConfiguration, ServerConnector> connectorFor)
            throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName(name);
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = connectorFor.apply(server, http);
        connector.setHost(
                bind.isUnresolved() ? bind.getHostString() : bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    static InetSocketAddress address(Server server) {
        ServerConnector c = (ServerConnector) server.getConnectors()[0];
        return new InetSocketAddress(c.getHost() == null ? "0.0.0.0" : c.getHost(), c.getLocalPort());
    }

    static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping " + server, e);
        }
    }

    /** Writes a whole response; a null content type sends none, as Go's handlers do for empty bodies. */
    static void send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
