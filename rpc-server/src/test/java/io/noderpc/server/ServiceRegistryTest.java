package io.noderpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.noderpc.server.internal.ArgumentMismatchException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceRegistryTest {

    public interface Calculator {
        int add(int a, int b);

        default int neg(int a) {
            return -a;
        }

        static Calculator standard() {
            return (a, b) -> a + b;
        }
    }

    public static class MathService {
        public int add(int a, int b) {
            return a + b;
        }

        public long twice(long x) {
            return 2 * x;
        }

        public String concat(String a, String b) {
            return a + b;
        }

        public void touch(AtomicInteger counter) {
            counter.incrementAndGet();
        }

        public int fail(String message) throws IOException {
            throw new IOException(message);
        }

        public static int staticHelper() {
            return 0;
        }

        int packagePrivate() {
            return 1;
        }

        @Override
        public String toString() {
            return "math";
        }
    }

    public static class Overloaded {
        public int f(int a) {
            return a;
        }

        public int f(long a) {
            return (int) a;
        }
    }

    public static class ArityOverloads {
        public String f() {
            return "zero";
        }

        public String f(String a) {
            return "one " + a;
        }
    }

    private static final class Hidden {
        public String hello() {
            return "hidden hello";
        }
    }

    private static Object call(Service service, String function, Object... args) throws Exception {
        return service.function(function, args.length).orElseThrow().apply(args);
    }

    @Test
    void exportsPublicInstanceMethodsOnlyWithoutObjectMethods() throws Exception {
        Service math = Service.of("math", new MathService());
        assertEquals(Set.of("add", "twice", "concat", "touch", "fail"), math.functionNames());
        assertEquals(5, call(math, "add", 2, 3));
        assertEquals("ab", call(math, "concat", "a", "b"));
        assertFalse(math.exports("toString"));
        assertFalse(math.exports("hashCode"));
        assertFalse(math.exports("getClass"));
        assertFalse(math.exports("staticHelper"));
        assertFalse(math.exports("packagePrivate"));
        assertEquals(Optional.empty(), math.version());
    }

    @Test
    void voidMethodsReturnNullAndExceptionsPropagateUnwrapped() throws Exception {
        Service math = Service.of("math", new MathService());
        AtomicInteger counter = new AtomicInteger();
        assertNull(call(math, "touch", counter));
        assertEquals(1, counter.get());
        IOException e = assertThrows(IOException.class, () -> call(math, "fail", "boom"));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void argumentsAreCheckedLikeMethodInvokeWithWidening() throws Exception {
        Service math = Service.of("math", new MathService());
        assertEquals(10L, call(math, "twice", 5), "int widens to long");
        assertEquals(10L, call(math, "twice", (byte) 5), "byte widens to long");
        ArgumentMismatchException wrongType = assertThrows(ArgumentMismatchException.class,
                () -> call(math, "add", "1", 2));
        assertTrue(wrongType.getMessage().contains("add(int, int) cannot take the arguments (String, Integer)"),
                wrongType.getMessage());
        assertThrows(ArgumentMismatchException.class, () -> call(math, "add", null, 2), "null for a primitive");
        assertThrows(ArgumentMismatchException.class, () -> call(math, "add", 1L, 2), "long does not narrow");
        assertNull(math.function("add", 3).orElse(null), "no such arity");
        assertEquals("ab", call(math, "concat", "a", "b"));
        assertEquals("nullb", call(math, "concat", null, "b"), "null fits a reference parameter");
    }

    @Test
    void overloadsOfDifferentArityAreBothExported() throws Exception {
        Service s = Service.of("o", new ArityOverloads());
        assertEquals("zero", call(s, "f"));
        assertEquals("one x", call(s, "f", "x"));
        assertEquals(Set.of(0, 1), s.arities("f"));
    }

    @Test
    void sameArityOverloadsAreRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Service.of("o", new Overloaded()));
        assertTrue(e.getMessage().contains("both export 'f' with 1 argument(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("f(int)") && e.getMessage().contains("f(long)"), e.getMessage());
        IllegalArgumentException functional = assertThrows(IllegalArgumentException.class,
                () -> Service.builder("s").function("g", 1, a -> 1).function("g", 1, a -> 2));
        assertTrue(functional.getMessage().contains("g/1 and g/1"), functional.getMessage());
    }

    @Test
    void interfaceExportIsExactlyTheInterfaceTheStubUses() throws Exception {
        Service calc = Service.of("calc", Calculator.class, Calculator.standard());
        assertEquals(Set.of("add", "neg"), calc.functionNames(), "no static method, nothing of Object");
        assertEquals(3, call(calc, "add", 1, 2));
        assertEquals(-4, call(calc, "neg", 4), "default methods are exported");
        assertThrows(IllegalArgumentException.class, () -> Service.of("m", MathService.class, new MathService()));
    }

    @Test
    void aNonPublicClassIsMadeAccessible() throws Exception {
        Service s = Service.of("hidden", new Hidden());
        assertEquals("hidden hello", call(s, "hello"));
    }

    @Test
    void functionalHandlersByArityAndForAnyArity() throws Exception {
        Service s = Service.builder("f")
                .version("2")
                .function("sum", args -> {
                    int total = 0;
                    for (Object a : args) {
                        total += (Integer) a;
                    }
                    return total;
                })
                .function("sum", 0, args -> "none")
                .build();
        assertEquals("none", call(s, "sum"), "the exact arity wins");
        assertEquals(6, call(s, "sum", 1, 2, 3), "any arity otherwise");
        assertEquals(Optional.of("2"), s.version());
        assertEquals("f@2 [sum/0, sum/*]", s.toString());
        assertFalse(s.nonBlocking(), "services run on workers by default");
        Service quick = Service.builder("q").nonBlocking().function("id", 1, a -> a[0]).build();
        assertTrue(quick.nonBlocking());
        assertEquals("q (non-blocking) [id/1]", quick.toString());
        assertThrows(IllegalArgumentException.class, () -> Service.builder("f").function("x", a -> 1)
                .function("x", a -> 2), "two any-arity handlers");
    }

    @Test
    void namesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Service.builder(""));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("a@b"), "@ separates the version");
        assertThrows(IllegalArgumentException.class, () -> Service.builder("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("s").version("1@2"));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("s").function("", a -> 1));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("s").function("f", -1, a -> 1));
        assertThrows(IllegalArgumentException.class, () -> Service.builder("empty").build(), "exports nothing");
    }

    @Test
    void registryRegistersLooksUpAndUnregisters() {
        ServiceRegistry registry = new ServiceRegistry();
        Service math = registry.register("math", new MathService());
        assertSame(math, registry.service("math").orElseThrow());
        registry.register("calc", Calculator.class, Calculator.standard());
        assertEquals(List.of("calc", "math"), List.copyOf(registry.names()));
        IllegalStateException dup = assertThrows(IllegalStateException.class,
                () -> registry.register("math", new MathService()));
        assertTrue(dup.getMessage().contains("unregister it first"), dup.getMessage());
        assertTrue(registry.unregister("math"));
        assertFalse(registry.unregister("math"));
        assertTrue(registry.service("math").isEmpty());
        registry.register("math", new MathService());
    }

    @Test
    void argumentsArePassedAsGiven() throws Exception {
        Object[] seen = new Object[1];
        Service s = Service.builder("s").function("keep", 2, args -> seen[0] = args).build();
        Object[] args = {"a", 1};
        call(s, "keep", args);
        assertArrayEquals(args, (Object[]) seen[0]);
    }
}
