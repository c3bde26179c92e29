package dev.cairn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for processes that cannot be told to bind port 0 and report back.
 *
 * <p>Known limit: the port is released before the process binds it, so another process could take
 * it in between. On a test machine that race is rare; the failure it causes is a clear bind error
 * in the client's output.
 */
final class LoopbackPorts {
    private LoopbackPorts() {}

    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for both TCP and UDP, as a DNS server binds both. */
    static int freeTcpAndUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freeTcpPort();
            try (DatagramSocket udp =
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // taken for UDP; try another
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP");
    }
}
