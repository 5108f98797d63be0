package dev.quire.example;

import dev.quire.ot.Component;
import dev.quire.ot.TextOperation;
import dev.quire.ot.Transformed;
import dev.quire.ot.server.ServerDocument;

public final class Example {
    public static void main(String[] args) {
        String doc = "Hello world";

        // Two people edit the same text at the same time.
        TextOperation alice = TextOperation.insert(5, ",", doc.length()); // [5,",",6]
        TextOperation bob = TextOperation.replace(6, 11, "there", doc.length()); // [6,"there",-5]
        Transformed t = TextOperation.transform(alice, bob);
        System.out.println(t.b().apply(alice.apply(doc)));

        // A server merges them in the order they arrive.
        ServerDocument server = new ServerDocument(doc, 0);
        server.submit(0, alice);
        System.out.println(server.submit(0, bob).op() + " " + server.content());

        // From two texts to an operation, to its JSON text and back.
        TextOperation edit = TextOperation.diff(server.content(), "Hello, there!");
        TextOperation read = TextOperation.parse(edit.toString());
        System.out.println(read + " " + read.equals(edit));

        // Its components, as values.
        for (Component c : read.components()) {
            System.out.println(c);
        }
    }
}
