package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Json;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Model.Edit;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded properties of the algebra. Expected documents come from {@link Model}, never from
 * {@link TextOperation#apply}. Replay a failure with the seed it prints:
 * {@code mvn -B -pl ot-core verify -Dtest=PropertiesTest -Dquire.seed=N -Dquire.iterations=1}.
 */
class PropertiesTest {
    static List<String> doc(Random r) {
        // Mostly small documents (many ties), sometimes larger ones.
        return Model.randomDoc(r, r.nextInt(5) == 0 ? 60 : 8);
    }

    @Test
    void applyMatchesTheModel() {
        Property.check("apply matches the model", r -> {
            List<String> doc = doc(r);
            Edit edit = Model.randomEdit(r, doc);
            TextOperation op = edit.toOperation(doc);
            assertEquals(Model.text(edit.applyTo(doc)), op.apply(Model.text(doc)));
        });
    }

    @Test
    void lengthBookkeeping() {
        Property.check("baseLength and targetLength", r -> {
            List<String> doc = doc(r);
            Edit edit = Model.randomEdit(r, doc);
            TextOperation op = edit.toOperation(doc);
            assertEquals(Model.text(doc).length(), op.baseLength());
            assertEquals(Model.text(edit.applyTo(doc)).length(), op.targetLength());
            Edit next = Model.randomEdit(r, edit.applyTo(doc));
            TextOperation second = next.toOperation(edit.applyTo(doc));
            TextOperation composed = op.compose(second);
            assertEquals(op.baseLength(), composed.baseLength());
            assertEquals(second.targetLength(), composed.targetLength());
            Edit other = Model.randomEdit(r, doc);
            TextOperation b = other.toOperation(doc);
            Transformed t = TextOperation.transform(op, b);
            assertEquals(b.targetLength(), t.a().baseLength());
            assertEquals(op.targetLength(), t.b().baseLength());
            assertEquals(t.a().targetLength(), t.b().targetLength());
            TextOperation inverse = op.invert(Model.text(doc));
            assertEquals(op.targetLength(), inverse.baseLength());
            assertEquals(op.baseLength(), inverse.targetLength());
        });
    }

    @Test
    void canonicalFormIsReachedWhateverTheBuilderCalls() {
        Property.check("canonical form", r -> {
            List<String> doc = doc(r);
            Edit edit = Model.randomEdit(r, doc);
            TextOperation op = edit.toOperation(doc);
            // The same edit through a different call sequence: split every component, add no-ops.
            TextOperation.Builder b = TextOperation.builder();
            for (Object c : op.toJson()) {
                if (c instanceof String s) {
                    List<String> cps = Model.codePoints(s);
                    int cut = r.nextInt(cps.size() + 1);
                    b.insert(String.join("", cps.subList(0, cut)))
                            .retain(0)
                            .insert(String.join("", cps.subList(cut, cps.size())));
                } else {
                    int n = (Integer) c;
                    int cut = r.nextInt(Math.abs(n) + 1);
                    if (n > 0) {
                        b.retain(cut).delete(0).retain(n - cut);
                    } else {
                        b.delete(cut).insert("").delete(-n - cut);
                    }
                }
            }
            assertEquals(op, b.build());
            assertEquals(op.hashCode(), b.build().hashCode());
            List<Object> json = op.toJson();
            for (int i = 0; i < json.size(); i++) {
                Object c = json.get(i);
                assertTrue(!(c instanceof Integer n) || n != 0, "no empty component");
                if (i > 0) {
                    Object p = json.get(i - 1);
                    assertTrue(!(p instanceof String && c instanceof String), "inserts merged: " + op);
                    assertTrue(
                            !(p instanceof Integer x && c instanceof Integer y && (x > 0) == (y > 0)),
                            "retains and deletes merged: " + op);
                    assertTrue(
                            !(p instanceof Integer x && x < 0 && c instanceof String), "insert before delete: " + op);
                }
            }
        });
    }

    @Test
    void tp1OnRandomPairsIncludingEmoji() {
        Property.check("TP1", 1000, r -> {
            List<String> doc = doc(r);
            Edit ea = Model.randomEdit(r, doc);
            Edit eb = Model.randomEdit(r, doc);
            TextOperation a = ea.toOperation(doc);
            TextOperation b = eb.toOperation(doc);
            String s = Model.text(doc);
            Transformed t = TextOperation.transform(a, b);
            String expected = Model.text(Model.merge(doc, ea, eb));
            assertEquals(expected, t.b().apply(a.apply(s)), "b' after a");
            assertEquals(expected, t.a().apply(b.apply(s)), "a' after b");
            // As in ot.js's tests, both paths compose to the same operation.
            assertEquals(a.compose(t.b()), b.compose(t.a()));
        });
    }

    @Test
    void composeIsSequentialApply() {
        Property.check("compose", r -> {
            List<String> doc = doc(r);
            Edit e1 = Model.randomEdit(r, doc);
            List<String> mid = e1.applyTo(doc);
            Edit e2 = Model.randomEdit(r, mid);
            TextOperation a = e1.toOperation(doc);
            TextOperation b = e2.toOperation(mid);
            assertEquals(Model.text(e2.applyTo(mid)), a.compose(b).apply(Model.text(doc)));
        });
    }

    @Test
    void composeAllIsAFold() {
        Property.check("composeAll", r -> {
            List<String> doc = doc(r);
            List<String> model = doc;
            List<TextOperation> ops = new ArrayList<>();
            for (int i = 1 + r.nextInt(12); i > 0; i--) {
                Edit e = Model.randomEdit(r, model);
                ops.add(e.toOperation(model));
                model = e.applyTo(model);
            }
            TextOperation fold = ops.get(0);
            for (int i = 1; i < ops.size(); i++) {
                fold = fold.compose(ops.get(i));
            }
            TextOperation all = TextOperation.composeAll(ops);
            assertEquals(fold, all);
            assertEquals(Model.text(model), all.apply(Model.text(doc)));
        });
    }

    @Test
    void invertRoundTrip() {
        Property.check("invert", r -> {
            List<String> doc = doc(r);
            Edit e = Model.randomEdit(r, doc);
            TextOperation op = e.toOperation(doc);
            String s = Model.text(doc);
            String after = Model.text(e.applyTo(doc));
            TextOperation inverse = op.invert(s);
            assertEquals(s, inverse.apply(after));
            assertEquals(op, inverse.invert(after));
            assertEquals(s, op.compose(inverse).apply(s));
        });
    }

    @Test
    void jsonRoundTrip() {
        Property.check("toJson/fromJson", r -> {
            List<String> doc = doc(r);
            TextOperation op = Model.randomEdit(r, doc).toOperation(doc);
            assertEquals(op, TextOperation.fromJson(op.toJson()));
            // Through text and a JSON parser (numbers come back as Long), and as Doubles.
            assertEquals(op, TextOperation.fromJson((List<?>) Json.parse(op.toString())));
            assertEquals(op, TextOperation.fromJson((List<?>) Json.parse(Json.write(op.toJson()))));
            List<Object> doubles = new ArrayList<>();
            for (Object c : op.toJson()) {
                doubles.add(c instanceof Integer n ? (Object) n.doubleValue() : c);
            }
            assertEquals(op, TextOperation.fromJson(doubles));
        });
    }

    @Test
    void transformPositionMatchesTheModelAndIsMonotonic() {
        Property.check("transformPosition", r -> {
            List<String> doc = doc(r);
            Edit e = Model.randomEdit(r, doc);
            TextOperation op = e.toOperation(doc);
            String after = Model.text(e.applyTo(doc));
            int previous = -1;
            for (int gap = 0; gap <= doc.size(); gap++) {
                int position = Model.units(doc, gap);
                int moved = op.transformPosition(position);
                assertEquals(e.transformGap(doc, gap), moved, "gap " + gap + " of " + op);
                assertTrue(moved >= previous, "monotonic");
                assertTrue(moved <= op.targetLength(), "in range");
                if (gap < doc.size() && !e.deleted()[gap]) {
                    assertTrue(after.startsWith(doc.get(gap), moved), "stays before its code point");
                }
                previous = moved;
            }
            // Every UTF-16 position, pair middles included, moves monotonically.
            int last = -1;
            for (int p = 0; p <= op.baseLength(); p++) {
                int moved = op.transformPosition(p);
                assertTrue(moved >= last, "monotonic at " + p);
                last = moved;
            }
        });
    }

    @Test
    void serverDocumentAppliesLikeTheModel() {
        Property.check("ServerDocument vs model", 100, r -> {
            List<String> model = doc(r);
            ServerDocument server = new ServerDocument(Model.text(model), 0, 1 + r.nextInt(4));
            for (int i = 0; i < 30; i++) {
                Edit e = Model.randomEdit(r, model);
                server.submit(server.version(), e.toOperation(model));
                model = e.applyTo(model);
                assertEquals(Model.text(model), server.content());
                assertEquals(Model.text(model).length(), server.length());
            }
        });
    }
}
