module dev.quire.example {
    requires dev.quire.ot;
}
