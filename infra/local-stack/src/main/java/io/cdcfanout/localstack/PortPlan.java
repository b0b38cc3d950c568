package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.Ports;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the ports of the components about to start: their defaults or {@code FANOUT_*_PORT} overrides for
 * {@code ./fanout}, free ports for tests; refuses a port two components want or another program holds.
 */
public final class PortPlan {

    private final StackOptions options;
    private final Map<String, Component> components;
    private final StackContext ctx;

    PortPlan(StackOptions options, Map<String, Component> components, StackContext ctx) {
        this.options = options;
        this.components = components;
        this.ctx = ctx;
    }

    /** The environment variable that overrides a port: FANOUT_KAFKA_PORT, FANOUT_KAFKA_CONTROLLER_PORT. */
    public static String variable(String component, String portName) {
        String base = "FANOUT_" + component.toUpperCase(Locale.ROOT).replace('-', '_');
        return "port".equals(portName) ? base + "_PORT" : base + "_" + portName.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
    }

    void assign(List<String> toStart) throws StackException {
        Map<Integer, String> claimed = new HashMap<>();
        // A component started again gives up its old ports first: they are its own, not a clash.
        components.keySet().stream().filter(name -> !toStart.contains(name))
                .forEach(name -> ctx.portsOf(name).forEach((portName, port) -> claimed.put(port, name)));
        if (!options.freePorts()) {
            // Settings first: a malformed FANOUT_*_PORT is reported whatever else is listening on this machine.
            for (String name : toStart) {
                for (String portName : components.get(name).defaultPorts().keySet()) {
                    override(variable(name, portName));
                }
            }
        }
        for (String name : toStart) {
            Map<String, Integer> previous = ctx.portsOf(name);
            Map<String, Integer> assigned = new LinkedHashMap<>();
            for (var port : components.get(name).defaultPorts().entrySet()) {
                String variable = variable(name, port.getKey());
                int chosen;
                Integer before = previous.get(port.getKey());
                if (options.freePorts() && before != null && !claimed.containsKey(before) && Ports.isFree(before)) {
                    // Restarted by the same Stack: keep the address the others already know.
                    chosen = before;
                } else if (options.freePorts()) {
                    do {
                        chosen = Ports.freePort();
                    } while (claimed.containsKey(chosen));
                } else {
                    Integer override = override(variable);
                    chosen = override != null ? override : port.getValue();
                    if (claimed.containsKey(chosen)) {
                        throw new StackException("port " + chosen + " is wanted by both " + claimed.get(chosen) + " and " + name
                                + "; give one of them another with " + variable + "=<port>");
                    }
                    if (!Ports.isFree(chosen)) {
                        throw new StackException("port " + chosen + " (" + name + ") is already in use by another program; stop it, or choose another port with "
                                + variable + "=<port>");
                    }
                }
                claimed.put(chosen, name);
                assigned.put(port.getKey(), chosen);
            }
            ctx.assignPorts(name, assigned);
        }
    }

    /** The port {@code variable} sets, or null when it is not set. */
    private Integer override(String variable) throws StackException {
        String override = options.environment().get(variable);
        if (override == null) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(override.trim());
        } catch (NumberFormatException e) {
            throw new StackException(variable + "='" + override + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new StackException(variable + "=" + port + " is outside 1-65535");
        }
        return port;
    }
}
