package io.containerengine.provisioner.runtime.local;

/**
 * An image reference split the way the pull API wants it ({@code fromImage} and {@code tag}); pulling without a
 * tag would fetch every tag of the repository.
 *
 * @param repository e.g. {@code 127.0.0.1:5000/team/app}
 * @param tag        a tag ({@code latest} when none is given) or a digest ({@code sha256:...})
 * @param registry   the registry host the credentials are for ({@code docker.io} for Docker Hub names)
 */
record ImageRef(String repository, String tag, String registry) {

    static ImageRef parse(String image) {
        String name = image.trim();
        String tag = "latest";
        int at = name.indexOf('@');
        if (at >= 0) {
            tag = name.substring(at + 1);
            name = name.substring(0, at);
        } else {
            int colon = name.lastIndexOf(':');
            if (colon > name.lastIndexOf('/')) {
                tag = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        return new ImageRef(name, tag, hasRegistry ? first : "docker.io");
    }
}
