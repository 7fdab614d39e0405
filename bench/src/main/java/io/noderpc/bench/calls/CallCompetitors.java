package io.noderpc.bench.calls;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The competitors of the calls scenario, subject first. */
final class CallCompetitors {

    /**
     * A comma-separated list of competitor names to run (default: all), e.g.
     * {@code NODERPC_JAVA_OPTS=-Dnoderpc.bench.calls.competitors=noderpc,grpc}; the first one named
     * in the default order is the subject of the ratios.
     */
    static final String SELECTION_PROPERTY = "noderpc.bench.calls.competitors";

    private CallCompetitors() {
    }

    /**
     * Every competitor this machine can run, or those named by {@link #SELECTION_PROPERTY}; one that
     * cannot run here (no {@code erl}) is left out with a line on {@code progress} saying why.
     *
     * @throws IllegalArgumentException if the selection names an unknown competitor
     */
    static List<SelfTimedCompetitor> available(int maxCallers, int maxSenders, PrintStream progress) {
        Set<String> selected = selection(System.getProperty(SELECTION_PROPERTY));
        List<SelfTimedCompetitor> all = new ArrayList<>();
        all.add(new ClosedLoopCompetitor(new NoderpcDataChannel(), maxCallers, maxSenders));
        all.add(new ClosedLoopCompetitor(new NoderpcDistChannel(), maxCallers, maxSenders));
        all.add(new ClosedLoopCompetitor(new RawTcpFloor(maxCallers, maxSenders), maxCallers, maxSenders));
        all.add(new ClosedLoopCompetitor(new GrpcUnary(), maxCallers, maxSenders));
        boolean wanted = selected == null || selected.contains("erpc");
        Optional<Path> erl = wanted ? ErlangErpc.findErl() : Optional.empty();
        if (erl.isPresent()) {
            all.add(new ErlangErpc(erl.get(), progress));
        } else if (wanted) {
            progress.println("calls: erl not found (PATH or " + ErlangErpc.ERL_ENV + "): the erpc competitor is"
                    + " skipped; Debian: apt-get install erlang-base");
        }
        if (selected != null) {
            Set<String> unknown = new TreeSet<>(selected);
            all.forEach(c -> unknown.remove(c.name()));
            unknown.remove("erpc"); // known, if not installed here
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(SELECTION_PROPERTY + " names unknown competitors " + unknown
                        + "; known: " + all.stream().map(SelfTimedCompetitor::name).toList());
            }
            all.removeIf(c -> !selected.contains(c.name()));
        }
        return all;
    }

    static Set<String> selection(String property) {
        if (property == null || property.isBlank()) {
            return null;
        }
        return Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
