package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloNodeTest {

    private final HelloNode node = new HelloNode();

    @Test
    void greetsTheConfiguredName() throws Exception {
        assertThat(node.execute(TestNodeContext.withConfig(Map.of("name", "Budi"))).output())
                .containsEntry("greeting", "Hello, Budi");
    }

    @Test
    void aBlankNameIsAConfigError() {
        assertThatThrownBy(() -> node.validate(Map.of("name", " ")))
                .isInstanceOfSatisfying(NodeConfigException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void theTypeNameFollowsTheServersRule() {
        assertThat(node.type()).matches("[a-z][a-z0-9_]{0,63}");
    }
}
