package io.cdcfanout.localstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dependency graph of the components: what a start needs, in which order, and who stops with whom. */
final class StartOrder {

    private final Map<String, Component> components;

    StartOrder(Map<String, Component> components) {
        this.components = components;
    }

    /** The named components and everything they depend on, directly or through another. */
    Set<String> closure(Collection<String> names) throws StackException {
        Set<String> result = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            String name = pending.remove(0);
            Component component = components.get(name);
            if (component == null) {
                throw unknown(name);
            }
            if (result.add(name)) {
                pending.addAll(component.dependsOn());
            }
        }
        return result;
    }

    /**
     * The named components and every component that needs one of them, directly or through another, each with what
     * it needs among them (empty for the named ones): why it stops.
     */
    Map<String, List<String>> withDependents(Collection<String> names) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        names.forEach(name -> needs.put(name, List.of()));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Component component : components.values()) {
                List<String> needed = component.dependsOn().stream().filter(needs::containsKey).toList();
                if (!needed.isEmpty() && !needs.containsKey(component.name())) {
                    needs.put(component.name(), needed);
                    grew = true;
                }
            }
        }
        return needs;
    }

    /** Dependencies first; otherwise in registration order. */
    List<String> sorted(Collection<String> names) {
        List<String> registered = new ArrayList<>(components.keySet());
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        names.stream().sorted(Comparator.comparingInt(registered::indexOf)).forEach(name -> visit(name, Set.copyOf(names), ordered, visiting));
        return ordered;
    }

    StackException unknown(String name) {
        return new StackException("unknown component '" + name + "'; known: " + String.join(", ", sorted(components.keySet())));
    }

    private void visit(String name, Set<String> wanted, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(name) || !components.containsKey(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IllegalStateException("components depend on each other in a cycle: " + visiting);
        }
        for (String dependency : components.get(name).dependsOn()) {
            if (wanted.contains(dependency)) {
                visit(dependency, wanted, ordered, visiting);
            }
        }
        visiting.remove(name);
        ordered.add(name);
    }
}
