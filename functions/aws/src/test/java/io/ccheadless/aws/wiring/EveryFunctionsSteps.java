package io.ccheadless.aws.wiring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The priming steps of every function, each once, from the lists the handlers prime with (Warmup's per-function
 * methods; each handler only adds its own JSON step): what the priming tests run, so that a step a function gains
 * is tested without being listed here.
 */
final class EveryFunctionsSteps {
    private EveryFunctionsSteps() {
    }

    static Map<String, Priming.Step> of(Warmup w) {
        Map<String, Priming.Step> steps = new LinkedHashMap<>();
        for (Map<String, Priming.Step> function : List.of(w.sync(), w.callback(), w.dispatch(), w.campaignsApi(),
                w.tokenPath())) {
            function.forEach(steps::putIfAbsent);
        }
        return steps;
    }
}
