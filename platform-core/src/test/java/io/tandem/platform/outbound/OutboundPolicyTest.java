package io.tandem.platform.outbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which addresses a tenant-supplied URL may reach, and what the operator's allow-list lets through. */
class OutboundPolicyTest {

    private final OutboundPolicy strict = new OutboundPolicy("");

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "169.254.169.254", "::1", "10.0.0.5", "172.16.3.4", "172.31.255.255",
            "192.168.1.1", "0.0.0.0", "0.1.2.3", "::", "100.64.0.1", "224.0.0.1", "255.255.255.255", "fe80::1", "fd00::1",
            "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:7f00:1::1", "::127.0.0.1"})
    void internalAddressesAreRefused(String address) throws Exception {
        assertThat(strict.refusesAddress("example.com", InetAddress.getByName(address), 443)).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::6810:85e5"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(strict.refusesAddress("example.com", InetAddress.getByName(address), 443)).as(address).isEmpty();
    }

    @Test
    void onlyHttpsUnlessTheTargetIsAllowListed() {
        assertThat(strict.refusesUrl(URI.create("https://hooks.example.com/x"))).isEmpty();
        assertThat(strict.refusesUrl(URI.create("http://hooks.example.com/x"))).get().asString().contains("https");
        assertThat(strict.refusesUrl(URI.create("ftp://hooks.example.com/x"))).isPresent();
        assertThat(strict.refusesUrl(URI.create("https://user:pw@hooks.example.com/x"))).isPresent();
        assertThat(strict.refusesUrl(URI.create("/relative"))).isPresent();
        OutboundPolicy allowing = new OutboundPolicy("crm.internal");
        assertThat(allowing.refusesUrl(URI.create("http://crm.internal/api"))).isEmpty();
    }

    @Test
    void theAllowListTakesHostsAddressesRangesAndPorts() throws Exception {
        OutboundPolicy policy = new OutboundPolicy(" 127.0.0.1 , crm.internal:8443, 10.1.0.0/16:8443, [fd00::1]:443, fd12::/16 ");
        assertThat(policy.refusesAddress("localhost", InetAddress.getByName("127.0.0.1"), 9999)).isEmpty();
        assertThat(policy.refusesAddress("crm.internal", InetAddress.getByName("10.9.9.9"), 8443)).isEmpty();
        assertThat(policy.refusesAddress("crm.internal", InetAddress.getByName("10.9.9.9"), 443)).as("other port").isPresent();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("10.1.200.3"), 8443)).isEmpty();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("10.2.0.3"), 8443)).as("outside the range").isPresent();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("10.1.0.3"), 80)).isPresent();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("fd00::1"), 443)).isEmpty();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("fd12:3::1"), 1)).isEmpty();
        assertThat(policy.refusesAddress("a", InetAddress.getByName("169.254.169.254"), 80)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "host:99999", "bad host", "10.0.0.0/x", "[fd00::1"})
    void aMistakeInTheAllowListStopsTheStartWithItsEntry(String entry) {
        assertThatThrownBy(() -> new OutboundPolicy(entry)).hasMessageContaining(entry.strip());
    }
}
