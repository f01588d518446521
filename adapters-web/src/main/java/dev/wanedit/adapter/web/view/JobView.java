package dev.wanedit.adapter.web.view;

import java.util.List;
import java.util.Optional;

/**
 * Everything a page shows of one job, already formatted: the report and the studio render the
 * same view with the same template.
 *
 * @param stateClass the badge's colour class: {@code ok}, {@code partial}, {@code failed} or {@code running}
 * @param fields the detail table, in order (model, region, function, parameters, seed, size, n,
 *     state, costs, task, times, where it is stored, ...)
 * @param compare the input and the first stored result of a single-input edit, for the before/after slider
 */
public record JobView(String id, String state, String stateClass, boolean finished, String model, String region,
                      String function, String prompt, String negativePrompt, String failure, String estimatedCost,
                      String actualCost, String taskId, String timeTaken, String created, List<Field> fields,
                      List<InputView> inputs, List<ResultView> results, Optional<Compare> compare) {

    public JobView {
        fields = List.copyOf(fields);
        inputs = List.copyOf(inputs);
        results = List.copyOf(results);
        compare = compare == null ? Optional.empty() : compare;
    }

    /** The before/after pair of a single-input edit. */
    public record Compare(Picture before, Picture after) {
    }

    /** The first picture the grid can show: a stored result, else the first input. */
    public Optional<Picture> thumbnail() {
        return results.stream().map(ResultView::picture).filter(Picture::shown).findFirst()
                .or(() -> inputs.stream().map(InputView::picture).filter(Picture::shown).findFirst());
    }

    /** The per-image errors of a partial or failed task, one line each. */
    public List<String> imageErrors() {
        return results.stream().filter(ResultView::failed).map(r -> "#" + r.number() + ": " + r.error()).toList();
    }

    /** The distinct prompts the service actually used, when they differ from the prompt. */
    public List<String> actualPrompts() {
        return results.stream().map(ResultView::actualPrompt).filter(p -> !p.isEmpty() && !p.equals(prompt)).distinct().toList();
    }
}
