package io.noderpc.bench;

import io.noderpc.bench.headofline.HeadOfLinePlan;
import io.noderpc.bench.headofline.ShapedLinkScenario;
import io.noderpc.bench.scale.ScalePlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickBudgetTest {

    private static final RunConfig QUICK = RunConfig.of(true, null, Path.of("out"), Path.of("."));

    @Test
    void everyScenarioTogetherFitsTheQuickPromise() {
        List<String> inAll = BenchMain.scenarios().values().stream().filter(Scenario::inAll).map(Scenario::name)
                .toList();
        Duration total = QuickBudget.total(inAll);
        assertTrue(total.compareTo(QuickBudget.TOTAL) <= 0, "quick budgets add up to " + total);
        assertEquals(List.of("epmd", "calls", "headofline", "scale"), inAll);
        assertEquals(List.of("epmd", "calls", "headofline", "scale", "shaped"),
                List.copyOf(BenchMain.scenarios().keySet()), "shaped needs root: named, never in all");
    }

    @Test
    void theNewScenariosPlanTheirQuickRunWithinTheirBudget() {
        Duration headofline = HeadOfLinePlan.of(QUICK).planned(QUICK.rounds());
        assertTrue(headofline.compareTo(QuickBudget.of("headofline")) <= 0, "headofline plans " + headofline);
        Duration shaped = ShapedLinkScenario.plan(QUICK).planned(QUICK.rounds());
        assertTrue(shaped.compareTo(QuickBudget.of("shaped")) <= 0, "shaped plans " + shaped);
        Duration scale = ScalePlan.of(QUICK).planned(QUICK.rounds());
        assertTrue(scale.compareTo(QuickBudget.of("scale")) <= 0, "scale plans " + scale);
    }

    @Test
    void fullRunsAreLongerThanQuickOnes() {
        RunConfig full = RunConfig.of(false, null, Path.of("out"), Path.of("."));
        assertTrue(HeadOfLinePlan.of(full).planned(full.rounds())
                .compareTo(HeadOfLinePlan.of(QUICK).planned(QUICK.rounds())) > 0);
        assertEquals(HeadOfLinePlan.of(full).messageBytes(), HeadOfLinePlan.of(QUICK).messageBytes());
    }

    @Test
    void anUnknownScenarioGetsTheDefaultBudget() {
        assertEquals(QuickBudget.DEFAULT, QuickBudget.of("something-new"));
        assertTrue(QuickBudget.over("scale", Duration.ofSeconds(46)));
        assertFalse(QuickBudget.over("scale", Duration.ofSeconds(45)));
    }

    @Test
    void theRunIndexGivesWallTimesAndFlagsOverruns() {
        RunIndex index = new RunIndex(Instant.parse("2025-01-02T03:04:05Z"), true);
        index.add(new RunIndex.Entry("epmd", Duration.ofSeconds(41), null, List.of(Path.of("x/epmd.json"))));
        index.add(new RunIndex.Entry("scale", Duration.ofSeconds(75), null, List.of()));
        index.add(new RunIndex.Entry("calls", Duration.ofMillis(1500), "boom | bang", List.of()));
        assertEquals(Duration.ofMillis(117_500), index.total());
        String json = Json.write(index.toJson());
        assertTrue(json.contains("\"total_wall_time_s\": 117.5"), json);
        assertTrue(json.contains("\"quick_total_budget_s\": 300"), json);
        assertTrue(json.contains("\"files\": [\"epmd.json\"]"), json);
        assertTrue(json.replaceAll("\\s+", " ").contains("\"scenario\": \"scale\", \"status\": \"ok\", \"failure\": null,"
                + " \"wall_time_s\": 75, \"quick_budget_s\": 45, \"over_budget\": true"), json);
        String md = index.markdown();
        assertTrue(md.contains("| scale | ok | 75.0 | 45 (over) | [scale.md](scale.md) |"), md);
        assertTrue(md.contains("| calls | failed: boom / bang | 1.5 | 125 | – |"), md);
        assertTrue(md.contains("Total wall time: 117.5 s"), md);
    }

    @Test
    void aFullRunIndexHasNoBudgets() {
        RunIndex index = new RunIndex(Instant.EPOCH, false);
        index.add(new RunIndex.Entry("epmd", Duration.ofSeconds(141), null, List.of()));
        assertNull(index.toJson().get("quick_total_budget_s"));
        assertFalse(index.markdown().contains("budget"));
    }
}
