package dev.quire.ot;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * {@link TextOperation#components()}: a read-only view of an immutable operation, making each
 * {@link Component} when it is read, so that listing costs nothing until used.
 */
final class ComponentList extends AbstractList<Component> implements RandomAccess {
    private final TextOperation op;

    ComponentList(TextOperation op) {
        this.op = op;
    }

    @Override
    public Component get(int index) {
        if (index < 0 || index >= op.size()) {
            throw new IndexOutOfBoundsException("components: index " + index + " out of range [0, " + op.size() + ")");
        }
        int code = op.code(index);
        if (code > 0) {
            return new Component.Retain(code);
        }
        return code < 0 ? new Component.Delete(-code) : new Component.Insert(op.textAt(index));
    }

    @Override
    public int size() {
        return op.size();
    }
}
