package dev.wanedit.domain.request;

import dev.wanedit.domain.catalog.Money;
import java.util.Optional;

/**
 * What a request is expected to produce: the output dimensions (approximate where the service
 * rounds), at most how many images, and the estimated cost if every image succeeds (billing counts
 * successful images only: seed 000, "Fee = Number of images x Unit price").
 *
 * @param dimensions empty when it cannot be known locally (remote inputs of unknown size)
 */
public record ExpectedOutput(Optional<Dimensions> dimensions, int maxImages, Money estimatedCost) {
}
