package org.rnn4j.task;

import java.util.Locale;

/**
 * What a trained model does for its user, as the demo site offers it: one tab and one way to send it input each.
 * A classifier of stories and questions answers; every other task has one application.
 */
public enum Application {
    CLASSIFY, ANSWER, REGRESS, TAG, COMPLETE, TRANSLATE, CAPTION;

    /** The name clients see ({@code "app"} in the server's model list). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
