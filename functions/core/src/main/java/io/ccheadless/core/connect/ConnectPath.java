package io.ccheadless.core.connect;

/** How a token set entered: the OAuth callback, the device flow, or an imported set someone already generated. */
public enum ConnectPath {
    CALLBACK("callback"), DEVICE("device-flow"), IMPORT("import");

    private final String label;

    ConnectPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
