<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AttractLoop</name>
    <message>
        <source>Tap to learn the signs</source>
        <translation>Toque para conocer las señales</translation>
    </message>
</context>
<context>
    <name>CoverScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenidos</translation>
    </message>
</context>
<context>
    <name>FallbackTag</name>
    <message>
        <source>%1 only</source>
        <translation>Solo en %1</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message>
        <source>Still there? Returning to the start in %1 s…</source>
        <translation>¿Sigue ahí? Volvemos al inicio en %1&#xa0;s…</translation>
    </message>
    <message>
        <source>Touch anywhere to stay.</source>
        <translation>Toque la pantalla para seguir.</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Más tiempo</translation>
    </message>
</context>
<context>
    <name>LessonEnd</name>
    <message>
        <source>If you notice signs, report. Do not step in yourself.</source>
        <translation>Si nota señales, denuncie. No intervenga usted.</translation>
    </message>
    <message>
        <source>Take the free training</source>
        <translation>Haga el curso gratuito</translation>
    </message>
</context>
<context>
    <name>LessonMenu</name>
    <message>
        <source>Learn the signs. Pick a short lesson.</source>
        <translation>Conozca las señales. Elija una lección corta.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <source>Right.</source>
        <translation>Correcto.</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>No exactamente.</translation>
    </message>
    <message>
        <source>The right answer: %1</source>
        <translation>La respuesta correcta: %1</translation>
    </message>
</context>
<context>
    <name>TouchMode</name>
    <message>
        <source>Lessons</source>
        <translation>Lecciones</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>Al inicio</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
</TS>
