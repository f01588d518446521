package dev.wanedit.adapter.web;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.Feature;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.ParamSpec;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.SizePreset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the edit form needs to know of each model to lay itself out (which fields it has, which
 * functions and parameters, how many images): read from the domain's catalog, never restated in
 * the page. The rules themselves are checked on the server, by the same validation as the CLI.
 */
final class CatalogJson {

    private CatalogJson() {
    }

    static Map<String, Object> of(ModelCatalog catalog, Region defaultRegion) {
        List<Object> models = new ArrayList<>();
        for (ModelSpec m : catalog.all()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", m.id());
            o.put("family", m.wireFamily().name());
            o.put("regions", m.regions().stream().sorted().map(Region::id).toList());
            o.put("minImages", m.images().minCount());
            o.put("maxImages", m.images().maxCount());
            List<String> features = new ArrayList<>();
            for (Feature f : Feature.values()) {
                if (m.supports(f)) {
                    features.add(f.field());
                }
            }
            o.put("features", features);
            o.put("presets", m.size().presets().stream().sorted().map(SizePreset::label).toList());
            o.put("sizeSettable", m.size().sizeSettable());
            o.put("maxN", m.count().max());
            o.put("maxNSequential", m.count().sequentialMax());
            List<Object> functions = new ArrayList<>();
            m.functions().stream().sorted().forEach(f -> functions.add(function(f)));
            o.put("functions", functions);
            Map<String, Object> prices = new LinkedHashMap<>();
            m.regions().stream().sorted().forEach(r -> m.pricePerImage(r).ifPresent(p -> prices.put(r.id(), p.toString())));
            o.put("pricePerImage", prices);
            models.add(o);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("models", models);
        doc.put("defaultRegion", defaultRegion.id());
        return doc;
    }

    private static Map<String, Object> function(EditFunction f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", f.wireName());
        o.put("mask", f.requiresMask());
        List<Object> params = new ArrayList<>();
        for (ParamSpec p : f.params().values()) {
            Map<String, Object> po = new LinkedHashMap<>();
            po.put("name", p.name());
            po.put("type", p.type().name());
            po.put("min", p.min() == null ? null : p.min().toPlainString());
            po.put("max", p.max() == null ? null : p.max().toPlainString());
            po.put("default", String.valueOf(p.defaultValue()));
            params.add(po);
        }
        o.put("params", params);
        return o;
    }
}
