package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.Component.Delete;
import dev.quire.ot.Component.Insert;
import dev.quire.ot.Component.Retain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TextOperation#components()} and the {@link Component} records. */
class ComponentTest {
    static void assertInvalid(String message, Runnable call) {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void listsTheComponentsInOrder() {
        TextOperation op = TextOperation.parse("[5,\"ab\",-3,4]");
        assertEquals(List.of(new Retain(5), new Insert("ab"), new Delete(3), new Retain(4)), op.components());
        assertEquals(4, op.components().size());
        assertEquals(new Insert("ab"), op.components().get(1));
        assertEquals(
                "[Retain[count=5], Insert[text=ab], Delete[count=3], Retain[count=4]]",
                op.components().toString());
    }

    @Test
    void bothFormsOfAnOperationListTheSame() {
        // A single splice and a scattered edit are kept in different forms inside TextOperation.
        assertEquals(
                List.of(new Insert("x"), new Delete(2)),
                TextOperation.parse("[-2,\"x\"]").components());
        assertEquals(
                List.of(new Delete(1), new Retain(1), new Insert("y"), new Retain(1), new Delete(1)),
                TextOperation.parse("[-1,1,\"y\",1,-1]").components());
        assertEquals(List.of(new Retain(3)), TextOperation.identity(3).components());
        assertEquals(List.of(), TextOperation.identity(0).components());
    }

    @Test
    void agreesWithTheIndexMethodsAndTheJsonForm() {
        TextOperation op = TextOperation.parse("[\"\uD83D\uDE00\",2,-1,\"z\"]");
        List<Object> json = new ArrayList<>();
        for (Component c : op.components()) {
            json.add(
                    c instanceof Retain r
                            ? (Object) r.count()
                            : c instanceof Insert i ? i.text() : (Object) (-((Delete) c).count()));
        }
        assertEquals(op.toJson(), json);
        for (int i = 0; i < op.componentCount(); i++) {
            assertEquals(op.length(i), op.components().get(i).length());
        }
        assertEquals(
                List.of(2, 2, 1, 1),
                op.components().stream().map(Component::length).toList());
    }

    @Test
    void theViewIsReadOnly() {
        List<Component> components = TextOperation.parse("[1,\"a\"]").components();
        assertThrows(UnsupportedOperationException.class, () -> components.add(new Retain(1)));
        assertThrows(UnsupportedOperationException.class, () -> components.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> components.set(0, new Retain(2)));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> components.get(2));
        assertEquals("components: index 2 out of range [0, 2)", e.getMessage());
    }

    @Test
    void recordsRejectWhatNoOperationHolds() {
        assertInvalid("Retain: expected count > 0, found 0", () -> new Retain(0));
        assertInvalid("Retain: expected count > 0, found -1", () -> new Retain(-1));
        assertInvalid("Delete: expected count > 0, found 0", () -> new Delete(0));
        assertInvalid("Insert: expected a non-empty text, found an empty string", () -> new Insert(""));
        assertInvalid("Insert: unpaired surrogate at index 1 of the text", () -> new Insert("a\uD83D"));
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Insert(null));
        assertEquals("text", e.getMessage());
    }
}
