package com.lenz.central.http;

/** The short {@code message} of an error envelope for a bare HTTP status. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "invalid request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 408 -> "request timeout";
            case 409 -> "conflict";
            case 411 -> "length required";
            case 413 -> "request entity too large";
            case 414 -> "request URI too long";
            case 415 -> "unsupported media type";
            case 431 -> "request header fields too large";
            case 502 -> "bad gateway";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout";
            default -> status >= 500 ? "internal server error" : "invalid request";
        };
    }
}
