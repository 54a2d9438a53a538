<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AlertScreen</name>
    <message>
        <source>AMBER Alert</source>
        <translation>Alerta AMBER</translation>
    </message>
    <message>
        <source>Notice from this venue</source>
        <translation>Aviso de este lugar</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Seen something? Call</source>
        <translation>¿Vio algo? Llame al</translation>
    </message>
    <message>
        <source>Information? Call</source>
        <translation>¿Tiene información? Llame al</translation>
    </message>
    <message>
        <source>Until %1</source>
        <translation>Vigente hasta %1</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>AlertsSection</name>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>%1: read at %2</source>
        <translation>%1: leída a las %2</translation>
    </message>
    <message>
        <source>%1: not read at %2 (%3); what it sent before stays</source>
        <translation>%1: no se pudo leer a las %2 (%3); lo que envió antes se mantiene</translation>
    </message>
    <message>
        <source>No alert on screen.</source>
        <translation>Ninguna alerta en pantalla.</translation>
    </message>
    <message>
        <source>No alert on screen; no feed is set (kiosk.yaml alerts).</source>
        <translation>Ninguna alerta en pantalla; no hay fuente de alertas (kiosk.yaml alerts).</translation>
    </message>
    <message>
        <source>No feed is set (kiosk.yaml alerts).</source>
        <translation>No hay fuente de alertas (kiosk.yaml alerts).</translation>
    </message>
    <message>
        <source>Show again</source>
        <translation>Mostrar de nuevo</translation>
    </message>
    <message>
        <source>Venue message, until %1</source>
        <translation>Mensaje del lugar, hasta las %1</translation>
    </message>
    <message>
        <source>From %1, until %2</source>
        <translation>De %1, hasta las %2</translation>
    </message>
    <message>
        <source>Hidden by staff</source>
        <translation>Ocultada por el personal</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
</context>
<context>
    <name>AttractLoop</name>
    <message>
        <source>Tap to learn the signs</source>
        <translation>Toque para conocer las señales</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Closed now. Opens again %1.</source>
        <translation>Cerrado. Vuelve a abrir %1.</translation>
    </message>
    <message>
        <source>Closed now.</source>
        <translation>Cerrado.</translation>
    </message>
    <message>
        <source>You can still call, text or scan:</source>
        <translation>Aún puede llamar, enviar un mensaje de texto o escanear:</translation>
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
        <source>English</source>
        <translation>inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>español</translation>
    </message>
    <message>
        <source>French</source>
        <translation>francés</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>portugués</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>chino</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>vietnamita</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>coreano</translation>
    </message>
    <message>
        <source>Tagalog</source>
        <translation>tagalo</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>árabe</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>ruso</translation>
    </message>
    <message>
        <source>Haitian Creole</source>
        <translation>criollo haitiano</translation>
    </message>
    <message>
        <source>German</source>
        <translation>alemán</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>italiano</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>japonés</translation>
    </message>
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
        <translation>Si nota señales, denuncie. No intervenga por su cuenta.</translation>
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
    <name>PageCue</name>
    <message>
        <source>Page %1 of %2 · Next shows the rest</source>
        <translation>Página %1 de %2 · «Siguiente» muestra el resto</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Try again in %1 s.</source>
        <translation>Vuelva a intentarlo en %1 s.</translation>
    </message>
    <message>
        <source>No staff PIN is set on this kiosk, so the staff panel cannot open. On the kiosk&apos;s computer, as the kiosk&apos;s user, run:
kiosk staff set-pin</source>
        <translation>Este quiosco no tiene un PIN para el personal, así que el panel no se puede abrir. En la computadora del quiosco, con el usuario del quiosco, ejecute:
kiosk staff set-pin</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN incorrecto.</translation>
    </message>
    <message>
        <source>Too many wrong PINs.</source>
        <translation>Demasiados intentos con un PIN incorrecto.</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Ya puede volver a intentarlo.</translation>
    </message>
    <message>
        <source>A PIN has %1 to %2 digits.</source>
        <translation>El PIN tiene de %1 a %2 dígitos.</translation>
    </message>
    <message>
        <source>Staff only: enter the PIN</source>
        <translation>Solo para el personal: ingrese el PIN</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Solo para el personal</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
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
        <translation>No del todo.</translation>
    </message>
    <message>
        <source>The right answer: %1</source>
        <translation>La respuesta correcta es: %1</translation>
    </message>
</context>
<context>
    <name>StaffNotice</name>
    <message>
        <source>New content installed: %1</source>
        <translation>Contenido nuevo instalado: %1</translation>
    </message>
    <message>
        <source>New content installed: %1 %2</source>
        <translation>Contenido nuevo instalado: %1 %2</translation>
    </message>
    <message>
        <source>A new content pack is now showing</source>
        <translation>Ya se muestra un paquete de contenido nuevo</translation>
    </message>
    <message>
        <source>Already installed: %1</source>
        <translation>Ya está instalado: %1</translation>
    </message>
    <message>
        <source>Already installed: %1 %2</source>
        <translation>Ya está instalado: %1 %2</translation>
    </message>
    <message>
        <source>This content pack is already installed</source>
        <translation>Este paquete de contenido ya está instalado</translation>
    </message>
    <message>
        <source>Not installed: the USB stick was removed during the copy; plug it in again</source>
        <translation>No se instaló: se desconectó la memoria USB durante la copia; vuelva a conectarla</translation>
    </message>
    <message>
        <source>Not installed: the file went away during the copy; copy it to the drop folder again</source>
        <translation>No se instaló: el archivo desapareció durante la copia; cópielo otra vez a la carpeta de entrada</translation>
    </message>
    <message>
        <source>A pack in the drop folder was refused; the staff panel says why</source>
        <translation>Se rechazó un paquete de la carpeta de entrada; el motivo aparece en el panel del personal</translation>
    </message>
    <message>
        <source>A pack on the USB stick was refused; the staff panel says why</source>
        <translation>Se rechazó un paquete de la memoria USB; el motivo aparece en el panel del personal</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Staff panel</source>
        <translation>Panel del personal</translation>
    </message>
    <message>
        <source>Restart the show</source>
        <translation>Reiniciar la presentación</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <translation>Salir al escritorio</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Closes by itself after 60 s untouched.</source>
        <translation>Se cierra solo si nadie lo toca durante 60 s.</translation>
    </message>
    <message>
        <source>On screen</source>
        <translation>En pantalla</translation>
    </message>
    <message>
        <source>Publisher: </source>
        <translation>Publicado por: </translation>
    </message>
    <message>
        <source>Signed by: </source>
        <translation>Firmado por: </translation>
    </message>
    <message>
        <source>Review: </source>
        <translation>Revisión: </translation>
    </message>
    <message>
        <source>Playing: </source>
        <translation>En curso: </translation>
    </message>
    <message>
        <source>the app itself (bundled, not signed)</source>
        <translation>la propia aplicación (incluida, sin firmar)</translation>
    </message>
    <message>
        <source>key %1 (no longer trusted)</source>
        <translation>clave %1 (ya no es de confianza)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>draft (not reviewed)</source>
        <translation>borrador (sin revisar)</translation>
    </message>
    <message>
        <source>awaiting review</source>
        <translation>pendiente de revisión</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobado</translation>
    </message>
    <message>
        <source>all venues</source>
        <translation>todos los lugares</translation>
    </message>
    <message>
        <source>any venue</source>
        <translation>cualquier lugar</translation>
    </message>
    <message>
        <source>transit</source>
        <translation>transporte</translation>
    </message>
    <message>
        <source>hotel</source>
        <translation>hotel</translation>
    </message>
    <message>
        <source>rest stop</source>
        <translation>área de descanso</translation>
    </message>
    <message>
        <source>retail</source>
        <translation>comercio</translation>
    </message>
    <message>
        <source>Playing: %1, slide %2</source>
        <translation>En curso: %1, diapositiva %2</translation>
    </message>
    <message>
        <source>Installing %1…</source>
        <translation>Instalando %1…</translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation>Volviendo al paquete anterior…</translation>
    </message>
    <message>
        <source>Switching to %1…</source>
        <translation>Cambiando a %1…</translation>
    </message>
    <message>
        <source>Trusting %1…</source>
        <translation>Agregando %1 a las claves de confianza…</translation>
    </message>
    <message>
        <source>Untrusting %1…</source>
        <translation>Quitando %1 de las claves de confianza…</translation>
    </message>
    <message>
        <source>Installed %1: it shows from the next slide.</source>
        <translation>Se instaló %1: se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>%1 is already installed.</source>
        <translation>%1 ya está instalado.</translation>
    </message>
    <message>
        <source>%1 was not installed: %2</source>
        <translation>%1 no se instaló: %2</translation>
    </message>
    <message>
        <source>Rolled back: %1 shows from the next slide.</source>
        <translation>Se volvió al paquete anterior: %1 se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>%1 shows from the next slide.</source>
        <translation>%1 se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>The bundled pack %1 shows from the next slide.</source>
        <translation>El paquete incluido %1 se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>Not trusted: %1 changed since its fingerprint was shown.</source>
        <translation>No se agregó a las claves de confianza: %1 cambió después de mostrarse su huella.</translation>
    </message>
    <message>
        <source>Key %1 (%2) is now trusted.</source>
        <translation>La clave %1 (%2) ahora es de confianza.</translation>
    </message>
    <message>
        <source>Key %1 (%2) is no longer trusted.</source>
        <translation>La clave %1 (%2) ya no es de confianza.</translation>
    </message>
    <message>
        <source>USB stick</source>
        <translation>memoria USB</translation>
    </message>
    <message>
        <source>drop folder</source>
        <translation>carpeta de entrada</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>instalado</translation>
    </message>
    <message>
        <source>already here</source>
        <translation>ya estaba instalado</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>no se instaló</translation>
    </message>
    <message>
        <source>trying again</source>
        <translation>se volverá a intentar</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>aún sin revisar</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Running for: %1 d %2 h %3 min</source>
        <translation>Tiempo en funcionamiento: %1 d %2 h %3 min</translation>
    </message>
    <message>
        <source>Memory: unknown</source>
        <translation>Memoria: desconocida</translation>
    </message>
    <message>
        <source>Memory: %1 MB</source>
        <translation>Memoria: %1 MB</translation>
    </message>
    <message>
        <source>Disk free: unknown</source>
        <translation>Espacio libre en disco: desconocido</translation>
    </message>
    <message>
        <source>Disk free: %1 GB</source>
        <translation>Espacio libre en disco: %1 GB</translation>
    </message>
    <message>
        <source>Last error: none</source>
        <translation>Último error: ninguno</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <source>Last self-check: not yet</source>
        <translation>Última autocomprobación: aún no</translation>
    </message>
    <message>
        <source>Last self-check: %1: ok, the QR on screen reads %2</source>
        <translation>Última autocomprobación: %1: correcta, el QR en pantalla lleva a %2</translation>
    </message>
    <message>
        <source>Last self-check: %1: failed, no QR found on screen (expected %2)</source>
        <translation>Última autocomprobación: %1: falló, no se encontró ningún QR en pantalla (se esperaba %2)</translation>
    </message>
    <message>
        <source>Last self-check: %1: failed, the QR on screen reads %2, not %3</source>
        <translation>Última autocomprobación: %1: falló, el QR en pantalla lleva a %2, no a %3</translation>
    </message>
    <message>
        <source>Crash-loop guard: %1</source>
        <translation>Protección contra reinicios repetidos: %1</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>al día</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <source>could not be completed</source>
        <translation>no se pudo completar</translation>
    </message>
    <message>
        <source>Fleet sync: %1 at %2: %3</source>
        <translation>Sincronización de la flota: %1 a las %2: %3</translation>
    </message>
    <message>
        <source>(the repository&apos;s timestamp has expired: no updates until it is re-signed)</source>
        <translation>(la marca de tiempo del repositorio ha caducado: no habrá actualizaciones hasta que se vuelva a firmar)</translation>
    </message>
    <message>
        <source>Confirm: exit to desktop</source>
        <translation>Confirmar: salir al escritorio</translation>
    </message>
    <message>
        <source>Warning: the live pack %1 is signed by key %2, which this kiosk no longer trusts, so it is not shown.</source>
        <translation>Aviso: el paquete activo %1 está firmado con la clave %2, en la que este quiosco ya no confía, así que no se muestra.</translation>
    </message>
    <message>
        <source>Packs on this kiosk</source>
        <translation>Paquetes en este quiosco</translation>
    </message>
    <message>
        <source> (bundled)</source>
        <translation> (incluido)</translation>
    </message>
    <message>
        <source>  (live)</source>
        <translation>  (en pantalla)</translation>
    </message>
    <message>
        <source>Show this</source>
        <translation>Mostrar este</translation>
    </message>
    <message>
        <source>Roll back to the previous pack</source>
        <translation>Volver al paquete anterior</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Visitors, last 7 days</source>
        <translation>Visitantes, últimos 7 días</translation>
    </message>
    <message>
        <source>No counts yet.</source>
        <translation>Todavía no hay datos.</translation>
    </message>
    <message>
        <source>%1: touch sessions %2, slides shown %3</source>
        <translation>%1: sesiones táctiles %2, diapositivas mostradas %3</translation>
    </message>
    <message>
        <source>Found on USB sticks and in the drop folder</source>
        <translation>Paquetes encontrados en memorias USB y en la carpeta de entrada</translation>
    </message>
    <message>
        <source>No pack files found.</source>
        <translation>No se encontraron paquetes.</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Instalar</translation>
    </message>
    <message>
        <source>Key </source>
        <translation>Clave </translation>
    </message>
    <message>
        <source>: trusted</source>
        <translation>: de confianza</translation>
    </message>
    <message>
        <source>Trust…</source>
        <translation>Confiar…</translation>
    </message>
    <message>
        <source>Trusted keys</source>
        <translation>Claves de confianza</translation>
    </message>
    <message>
        <source>None: every pack from outside is refused.</source>
        <translation>Ninguna: se rechazan todos los paquetes externos.</translation>
    </message>
    <message>
        <source>, added </source>
        <translation>, agregada el </translation>
    </message>
    <message>
        <source>Untrust</source>
        <translation>Dejar de confiar</translation>
    </message>
    <message>
        <source>Confirm: untrust</source>
        <translation>Confirmar: dejar de confiar</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
    <message>
        <source>This key&apos;s fingerprint, computed from the key itself. Trust the key only if it matches the one the publisher gave you.</source>
        <translation>La huella de esta clave, calculada a partir de la propia clave. Confíe en ella solo si coincide con la que le dio quien publica el contenido.</translation>
    </message>
    <message>
        <source>File name (not a fingerprint): %1</source>
        <translation>Nombre del archivo (no es una huella): %1</translation>
    </message>
    <message>
        <source>They match: trust it</source>
        <translation>Coinciden: confiar en ella</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
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
        <translation>Volver al inicio</translation>
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
    <message>
        <source>Accessibility: on</source>
        <translation>Accesibilidad: activada</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>Accesibilidad</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
</context>
</TS>
